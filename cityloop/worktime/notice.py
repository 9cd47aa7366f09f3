"""Read the State Council's yearly holiday notice (国务院办公厅关于…部分节假日安排的通知) in plain text.

Each item reads like "七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日
（周六）上班。": the days of the 放假 range are holidays, the dates of the 上班 sentence make-up working
days. The result is rows for ``do_import_year``, which still validates them; an administrator should
compare it with the notice before importing.
"""

from __future__ import annotations

import datetime as dt
import re

from cityloop.core.errors import DomainError
from cityloop.worktime.models import SpecialDayKind

_ITEM = re.compile(r"^\s*[一二三四五六七八九十]+、\s*([^：:]+)[：:](.*)$")
_ASIDE = re.compile(r"[（(][^）)]*[）)]")
_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
_RANGE = re.compile(_DATE + r"(?:\s*至\s*(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日)?")
_SINGLE = re.compile(_DATE)


def _date(year: int, given_year: str | None, month: str, day: str) -> dt.date:
    try:
        return dt.date(int(given_year or year), int(month), int(day))
    except ValueError as error:
        raise DomainError("notice_unreadable", f"通知中的日期无效：{month}月{day}日。") from error


def parse_state_council_notice(text: str, year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, name) rows of ``year`` from the notice's numbered items; other years' days dropped.

    A range that starts in December of the previous year (元旦) keeps only its days in ``year``.
    """
    rows: list[tuple[dt.date, str, str]] = []
    for line in text.splitlines():
        item = _ITEM.match(line)
        if not item:
            continue
        name, body = item.group(1).strip(), _ASIDE.sub("", item.group(2))
        for sentence in re.split(r"[。；;]", body):
            if "放假" in sentence:
                for match in _RANGE.finditer(sentence):
                    y1, m1, d1, y2, m2, d2 = match.groups()
                    first = _date(year, y1, m1, d1)
                    last = _date(first.year, y2, m2 or m1, d2) if d2 else first
                    if last < first and not y2:  # "12月31日至1月2日": the range crosses new year
                        last = _date(first.year + 1, None, m2 or m1, d2)
                    day = first
                    while day <= last:
                        rows.append((day, SpecialDayKind.HOLIDAY.value, name))
                        day += dt.timedelta(days=1)
            elif "上班" in sentence:
                for match in _SINGLE.finditer(sentence):
                    rows.append((_date(year, *match.groups()), SpecialDayKind.MAKEUP_WORKDAY.value, name))
    if not rows:
        raise DomainError("notice_unreadable", "未能从通知文本中识别出任何放假或上班日期。")
    return sorted(row for row in rows if row[0].year == year)
