"""Deterministic Chinese names for the demo city: districts, streets, communities, parks and people.

Names are two-character stems built from syllables common in real place names (望江, 湖滨, 翠苑 …),
drawn from a ``random.Random`` so the same seed always yields the same names.
"""

from __future__ import annotations

import random

DISTRICT_NAMES = (
    "中城",
    "东湖",
    "西江",
    "南山",
    "北塘",
    "临江",
    "新港",
    "云溪",
    "滨海",
    "青山",
    "白沙",
    "金桥",
    "凤鸣",
    "龙泉",
    "长乐",
    "永安",
)

_FIRST = "望湖清翠文紫东西南北新兴和安康宁平金春明华长永丰福古凤龙云桂梅兰松柳石玉彩半景德秀朝嘉锦瑞仁庆双"
_SECOND = "江滨波苑新阳湖城桥塘岭山门浦园港林溪河坊里庄亭泉峰洲湾庭华丰兴安和盛荫宁"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭陆汪范金石廖贾夏韦方"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国志文斌婷浩宇鹏飞晨欣怡子轩雨涵俊辉丹琳雪梅海燕波宁凯峰"


class NameGenerator:
    """Hands out place stems that are unique within the generator, and personal names."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._stems = [a + b for a in _FIRST for b in _SECOND if a != b]
        self._rng.shuffle(self._stems)
        self._next = 0
        self._used: set[str] = set()

    def stem(self) -> str:
        """A fresh two-character place stem; after the pool runs out, three-character ones."""
        while self._next < len(self._stems):
            candidate = self._stems[self._next]
            self._next += 1
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate
        while True:
            candidate = self._rng.choice(_FIRST) + self._rng.choice(_SECOND) + self._rng.choice(_SECOND)
            if candidate[1] != candidate[2] and candidate not in self._used:
                self._used.add(candidate)
                return candidate

    def person(self) -> str:
        given_length = 1 if self._rng.random() < 0.35 else 2
        return self._rng.choice(_SURNAMES) + "".join(self._rng.choice(_GIVEN) for _ in range(given_length))


def district_name(index: int) -> str:
    """The name of the ``index``-th district (0-based): a fixed list, then numbered names."""
    if index < len(DISTRICT_NAMES):
        return f"{DISTRICT_NAMES[index]}区"
    return f"第{index + 1}区"
