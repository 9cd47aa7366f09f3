"""The demo catalogue: shipped schemes and case standards, demo filing conditions where the
standards have none, and a responsibility matrix whose three levels of precedence are all visible.

Which department handles a category is decided from its name (first matching keyword), then its
major category, then the bureau. This is demo data, never program logic: a real bureau imports its
own matrix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from cityloop.catalog.loading import load_all_schemes, load_case_standards
from cityloop.catalog.models import Category, CategoryKind, FilingCondition, TimeLimitUnit
from cityloop.demo.departments import DemoDepartments
from cityloop.demo.geometry import DemoCity
from cityloop.demo.places import StoredPlaces
from cityloop.org.models import Responsibility

# (keyword in the category name, department key): the first match wins, so specific words first.
NAME_ROUTES = (
    ("防汛", "SLJ"),
    ("水域", "SLJ"),
    ("焚烧", "HBFJ"),
    ("填埋", "HBFJ"),
    ("乱倒乱排", "HBFJ"),
    ("监测", "HBFJ"),
    ("噪声", "HBFJ"),
    ("油烟", "HBFJ"),
    ("医疗废物", "HBFJ"),
    ("积存垃圾", "HWS"),
    ("污水井盖", "SZS"),
    ("雨水", "SZS"),
    ("中水", "SZS"),
    ("渣土", "ZFDD"),
    ("消防通道", "XFJY"),
    ("消防", "XFJY"),
    ("供水", "SWJT"),
    ("水井", "SWJT"),
    ("水鹤", "SWJT"),
    ("路灯", "LDS"),
    ("地灯", "LDS"),
    ("景观灯", "LDS"),
    ("信号灯", "JJDD"),
    ("交通信号", "JJDD"),
    ("电力", "GDGS"),
    ("电缆", "GDGS"),
    ("高压线", "GDGS"),
    ("变压器", "GDGS"),
    ("充电桩", "GDGS"),
    ("燃气", "RQGS"),
    ("输油", "RQGS"),
    ("电视", "GDWL"),
    ("网络", "LT"),
    ("基站", "YD"),
    ("通信", "DX"),
    ("电话亭", "DX"),
    ("线缆", "DX"),
    ("公安", "GAFJ"),
    ("治安", "GAFJ"),
    ("电子眼", "GAFJ"),
    ("报警", "GAFJ"),
    ("公交", "GJJT"),
    ("绿地护栏", "YLS"),
    ("车库", "JTJ"),
    ("交通标", "JJDD"),
    ("护栏", "JJDD"),
    ("防撞", "JJDD"),
    ("隔离", "JJDD"),
    ("岗亭", "JJDD"),
    ("减速带", "JJDD"),
    ("反视镜", "JJDD"),
    ("限高", "JJDD"),
    ("机动车乱停", "JJDD"),
    ("废弃车辆", "JJDD"),
    ("履带车", "JJDD"),
    ("畜力车", "JJDD"),
    ("非机动车", "JTJ"),
    ("共享单车", "JTJ"),
    ("自行车", "JTJ"),
    ("存车", "JTJ"),
    ("停车", "JTJ"),
    ("出租车", "JTJ"),
    ("轨道", "JTJ"),
    ("铁道", "JTJ"),
    ("港监", "JTJ"),
    ("路名牌", "MZJ"),
    ("地名牌", "MZJ"),
    ("楼号", "MZJ"),
    ("流浪乞讨", "MZJ"),
    ("救助站", "MZJ"),
    ("文物", "WLJ"),
    ("景区", "WLJ"),
    ("出版物", "WLJ"),
    ("河道", "SLJ"),
    ("堤岸", "SLJ"),
    ("河）滩", "SLJ"),
    ("无证餐饮", "SCJG"),
    ("屠宰", "SCJG"),
    ("农贸市场", "SCJG"),
    ("电梯", "SCJG"),
    ("化粪池井盖", "SZS"),
    ("化粪池", "HWS"),
    ("厕", "HWS"),
    ("垃圾", "HWS"),
    ("环卫", "HWS"),
    ("烟头", "HWS"),
    ("宠物", "HWS"),
    ("不洁", "HWS"),
    ("遗撒", "HWS"),
    ("动物尸体", "HWS"),
    ("积雪", "HWS"),
    ("施工", "ZJJ"),
    ("工地", "ZJJ"),
    ("扬尘", "ZJJ"),
    ("无证建设", "ZJJ"),
    ("预埋件", "ZJJ"),
    ("高空悬吊", "ZJJ"),
    ("公房", "ZJJ"),
    ("掘路", "SZS"),
    ("占用无障碍", "ZFDD"),
    ("道路破损", "SZS"),
    ("台阶", "SZS"),
    ("路缘石", "SZS"),
    ("盲道", "SZS"),
    ("无障碍", "SZS"),
    ("边坡", "SZS"),
    ("沟槽", "SZS"),
    ("桥", "SZS"),
    ("地下通道", "SZS"),
    ("隧道", "SZS"),
    ("桥下空间", "SZS"),
    ("园林", "YLS"),
    ("绿", "YLS"),
    ("树", "YLS"),
    ("病虫害", "YLS"),
    ("花", "YLS"),
    ("雕塑", "YLS"),
    ("喷泉", "YLS"),
    ("座椅", "YLS"),
    ("公园", "YLS"),
    ("广告", "ZFDD"),
    ("牌匾", "ZFDD"),
    ("宣传", "ZFDD"),
    ("标语", "ZFDD"),
)
# Fallback on the major category's name, then the bureau itself.
MAJOR_ROUTES = (
    ("市政", "SZS"),
    ("交通", "JJDD"),
    ("环卫", "HWS"),
    ("市容", "ZFDD"),
    ("园林", "YLS"),
    ("广告", "ZFDD"),
    ("施工", "ZJJ"),
    ("街面", "ZFDD"),
)
FALLBACK_DEPARTMENT = "CGJ"

# Event categories a street office handles inside its own street (overrides the catch-all).
STREET_HANDLED = frozenset(
    {
        "店外经营",
        "占道经营",
        "无照经营游商",
        "沿街晾挂",
        "乱堆杂物",
        "非法小广告",
        "街头散发广告",
        "废品收购乱象",
        "占道洗车",
        "占道促销宣传",
        "露天烧烤",
        "空调室外机低挂",
        "垃圾未分类",
    }
)
# Inside a park grid the 园林所 answers for these, whatever the street says.
PARK_HANDLED = frozenset({"暴露垃圾", "绿地脏乱", "道路不洁", "公园秩序", "乱堆杂物", "无照经营游商"})
# A few pedestrian-street grids where the enforcement brigade keeps street trading itself.
PEDESTRIAN_STREET_HANDLED = frozenset({"占道经营", "店外经营", "占道促销宣传"})
PEDESTRIAN_STREETS_PER_DISTRICT = 2

DEMO_MARK = "【演示默认】"


def route_category(category: Category) -> str:
    """The key of the department that answers for ``category`` by default."""
    for keyword, key in NAME_ROUTES:
        if keyword in category.name:
            return key
    for keyword, key in MAJOR_ROUTES:
        if keyword in category.major.name:
            return key
    return FALLBACK_DEPARTMENT


def _is_component_matter(category: Category) -> bool:
    return category.kind == CategoryKind.COMPONENT or category.major.code <= "05"


def demo_time_limit(category: Category) -> tuple[int, str]:
    """A sensible demo limit: components in working days, street-level events in working hours."""
    name = category.name
    if _is_component_matter(category):
        if "井盖" in name or "箅子" in name:
            return 1, TimeLimitUnit.WORK_DAYS
        if "灯" in name:
            return 2, TimeLimitUnit.WORK_DAYS
        if "园林" in category.major.name or "树" in name:
            return 5, TimeLimitUnit.WORK_DAYS
        return 3, TimeLimitUnit.WORK_DAYS
    if any(word in name for word in ("私搭乱建", "违章", "无证建设", "占绿毁绿", "占用河道")):
        return 10, TimeLimitUnit.WORK_DAYS
    if any(word in name for word in ("垃圾", "不洁", "遗撒", "满溢", "动物尸体", "积雪")):
        return 4, TimeLimitUnit.WORK_HOURS
    if any(word in name for word in ("占道", "游商", "店外", "烧烤", "乱停放", "晾挂", "散发")):
        return 2, TimeLimitUnit.WORK_HOURS
    return 8, TimeLimitUnit.WORK_HOURS


@dataclass
class CatalogueCounts:
    categories: int
    standard_conditions: int
    demo_conditions: int
    responsibilities: int


def write_catalogue(
    city: DemoCity, places: StoredPlaces, departments: DemoDepartments, seed: int
) -> CatalogueCounts:
    """Load the schemes and standards, then the demo filing conditions and the matrix."""
    load_all_schemes()
    load_case_standards()
    categories = list(
        Category.objects.active().select_related("major", "scheme").order_by("scheme__code", "kind", "code")
    )
    default_categories = [c for c in categories if c.scheme.is_default]
    standard = FilingCondition.objects.filter(category__in=default_categories).count()
    demo = _write_demo_conditions(default_categories, departments)
    # A catalogue loaded before the demo may already carry a bureau's own catch-all lines; keep them.
    has_catch_all = set(
        Responsibility.objects.filter(region__isnull=True, grid__isnull=True).values_list(
            "category_id", flat=True
        )
    )
    rows = [
        row
        for row in _catch_all_rows(categories, departments)
        if row.region is not None or row.category.pk not in has_catch_all
    ]
    rows.extend(_street_rows(default_categories, places, departments))
    rows.extend(_grid_rows(default_categories, city, places, departments, seed))
    Responsibility.objects.bulk_create(rows, batch_size=1000)
    return CatalogueCounts(len(categories), standard, demo, len(rows))


def _write_demo_conditions(categories: list[Category], departments: DemoDepartments) -> int:
    home = departments.districts[0].by_key
    covered = set(
        FilingCondition.objects.filter(category__in=categories).values_list("category_id", flat=True)
    )
    new = []
    for category in categories:
        if category.pk in covered:
            continue
        value, unit = demo_time_limit(category)
        component = _is_component_matter(category)
        new.append(
            FilingCondition(
                category=category,
                description=f"{DEMO_MARK}{category.name.removesuffix('异常')}破损、缺失或功能异常"
                if component
                else f"{DEMO_MARK}经核实存在“{category.name}”问题",
                time_limit_value=value,
                time_limit_unit=unit,
                closing_condition=f"{DEMO_MARK}"
                + ("修复或更换到位，恢复完好" if component else "问题已消除，现场恢复正常"),
                default_department=home[route_category(category)],
                sort_order=1,
            )
        )
    FilingCondition.objects.bulk_create(new, batch_size=1000)
    # Standards shipped without a department get the one the demo matrix names.
    by_key: dict[str, list[int]] = {}
    for category in categories:
        by_key.setdefault(route_category(category), []).append(category.pk)
    for key, category_ids in sorted(by_key.items()):
        FilingCondition.objects.filter(category_id__in=category_ids, default_department__isnull=True).update(
            default_department=home[key]
        )
    return len(new)


def _catch_all_rows(categories: Iterable[Category], departments: DemoDepartments) -> Iterable[Responsibility]:
    """One catch-all line per category (the first district's departments), and in a multi-district
    city one line per further district, so each district handles its own ground."""
    for category in categories:
        key = route_category(category)
        for index, group in enumerate(departments.districts):
            yield Responsibility(
                category=category,
                region=None if index == 0 else group.district,
                department=group.by_key[key],
                note="演示：按小类归口的默认责任部门" if index == 0 else "演示：本区归口部门",
            )


def _street_rows(
    categories: list[Category], places: StoredPlaces, departments: DemoDepartments
) -> Iterable[Responsibility]:
    handled = [c for c in categories if c.kind == CategoryKind.EVENT and c.name in STREET_HANDLED]
    for street in places.of_level("street"):
        office = departments.for_district(street.code[:6]).street_offices[street.code]
        for category in handled:
            yield Responsibility(
                category=category, region=street, department=office, note="演示：街道属地处置"
            )


def _grid_rows(
    categories: list[Category], city: DemoCity, places: StoredPlaces, departments: DemoDepartments, seed: int
) -> Iterable[Responsibility]:
    rng = np.random.default_rng([seed, 7])
    events = {c.name: c for c in categories if c.kind == CategoryKind.EVENT}
    for group in departments.districts:
        indices = [i for i, g in enumerate(city.grids) if g.code.startswith(group.district.code)]
        parks = [i for i in indices if city.grids[i].is_park]
        core = [
            i for i in indices if city.grids[i].area_class == "1" and not city.grids[i].is_park
        ] or indices
        chosen = sorted(rng.choice(core, size=min(PEDESTRIAN_STREETS_PER_DISTRICT, len(core)), replace=False))
        for i in parks:
            for name in sorted(PARK_HANDLED & events.keys()):
                yield Responsibility(
                    category=events[name],
                    grid=places.grids[i],
                    department=group.by_key["YLS"],
                    note="演示：公园内由园林所管理",
                )
        for i in chosen:
            for name in sorted(PEDESTRIAN_STREET_HANDLED & events.keys()):
                yield Responsibility(
                    category=events[name],
                    grid=places.grids[int(i)],
                    department=group.by_key["ZFDD"],
                    note="演示：步行街由执法大队直管",
                )
