"""Benchmark of the component import: rows per second for CSV and XLSX, and validation alone.

Usage: ``python bench/component_import.py [--rows N]`` (default 20,000). Runs on a throw-away test
database: a temporary SQLite file, or a ``test_…`` database beside DATABASE_URL when that is set;
nothing outside it is touched. ``main()`` returns the figures so ``bench/run.py`` can collect them.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import create_database, setup_django

DEFAULT_ROWS = 20_000
LATTICE = 10  # 10 × 10 grids of 0.01°, about 10 km × 10 km
ORIGIN = (120.0, 30.0)
SIDE = 0.01
DISTRICT = "330106"
CATEGORIES = 20
DEPARTMENTS = 50
HEADERS = [
    "部件标识码",
    "小类代码",
    "名称",
    "主管部门",
    "养护单位",
    "状态",
    "初始日期",
    "数据来源",
    "经度",
    "纬度",
]
STATES = ["完好", "完好", "完好", "破损", "丢失"]


def build_places() -> None:
    """A district of LATTICE streets (columns), each one community of LATTICE square grids."""
    from django.utils import timezone
    from shapely.geometry import box, mapping

    from cityloop.geo.models import Grid, GridIndexRevision, GridVersion, Region, RegionLevel

    now = timezone.now()
    city = Region.objects.create(code="330100", name="基准市", level=RegionLevel.CITY)
    district = Region.objects.create(code=DISTRICT, name="基准区", level=RegionLevel.DISTRICT, parent=city)
    x0, y0 = ORIGIN
    for column in range(LATTICE):
        street = Region.objects.create(
            code=f"{DISTRICT}{column + 1:03d}",
            name=f"街道{column + 1}",
            level=RegionLevel.STREET,
            parent=district,
        )
        community = Region.objects.create(
            code=f"{street.code}001", name=f"社区{column + 1}", level=RegionLevel.COMMUNITY, parent=street
        )
        for row in range(LATTICE):
            grid = Grid.objects.create(code=f"{community.code}{row + 1:02d}", community=community)
            cell = box(x0 + column * SIDE, y0 + row * SIDE, x0 + (column + 1) * SIDE, y0 + (row + 1) * SIDE)
            GridVersion.objects.create(
                grid=grid,
                number=1,
                geometry=mapping(cell),
                min_lon=cell.bounds[0],
                min_lat=cell.bounds[1],
                max_lon=cell.bounds[2],
                max_lat=cell.bounds[3],
                area_m2=1_000_000.0,
                valid_from=now,
            )
    GridIndexRevision.objects.update_or_create(pk=1, defaults={"revision": 1})


def build_catalog_and_departments() -> None:
    from cityloop.catalog.models import Category, CategoryKind, MajorCategory, Scheme
    from cityloop.org.models import Department, DepartmentKind, DepartmentLevel

    scheme = Scheme.objects.create(
        code="bench", name="基准方案", category_code_length=5, component_identifier_length=17, is_default=True
    )
    major = MajorCategory.objects.create(
        scheme=scheme, kind=CategoryKind.COMPONENT, code="01", name="市政公用设施"
    )
    Category.objects.bulk_create(
        Category(
            scheme=scheme,
            kind=CategoryKind.COMPONENT,
            major=major,
            code=f"01{n:03d}",
            minor_code=f"{n:03d}",
            name=f"部件{n}",
        )
        for n in range(1, CATEGORIES + 1)
    )
    Department.objects.bulk_create(
        Department(
            code=f"D{n:03d}",
            name=f"部门{n}",
            level=DepartmentLevel.DISTRICT,
            kind=DepartmentKind.PROFESSIONAL,
        )
        for n in range(1, DEPARTMENTS + 1)
    )


def generate_rows(count: int, seed: int = 47678) -> list[list[Any]]:
    rng = random.Random(seed)
    rows = []
    span = LATTICE * SIDE
    for n in range(count):
        category = f"01{n % CATEGORIES + 1:03d}"
        serial = n // CATEGORIES + 1
        rows.append(
            [
                f"{DISTRICT}{category}{serial:06d}",
                category,
                f"部件{n}",
                f"D{rng.randint(1, DEPARTMENTS):03d}",
                f"部门{rng.randint(1, DEPARTMENTS)}",
                rng.choice(STATES),
                f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "普查",
                round(ORIGIN[0] + rng.uniform(0.0001, span - 0.0001), 7),
                round(ORIGIN[1] + rng.uniform(0.0001, span - 0.0001), 7),
            ]
        )
    return rows


def to_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[list[Any]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("部件")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(function: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def run(rows: int) -> dict[str, float | str]:
    from django.db import connection

    from cityloop.assets.importing import check_components_file, do_import_components
    from cityloop.assets.models import Component
    from cityloop.geo.geocoding import get_grid_index

    build_places()
    build_catalog_and_departments()
    get_grid_index()  # built once per process; not what we measure
    data = generate_rows(rows)
    csv_data, xlsx_data = to_csv(data), to_xlsx(data)

    timings: list[tuple[str, float]] = []
    seconds, (result, _, _) = timed(lambda: check_components_file(csv_data, "csv"))
    assert result.report.ok, result.report.as_text(limit=5)
    timings.append(("CSV 仅校验", seconds))
    seconds, summary = timed(lambda: do_import_components(csv_data, "csv"))
    assert summary.created == rows
    timings.append(("CSV 导入（新增）", seconds))
    seconds, summary = timed(lambda: do_import_components(csv_data, "csv", mode="upsert"))
    assert summary.updated == rows
    timings.append(("CSV 导入（更新）", seconds))
    Component.objects.all().delete()
    seconds, summary = timed(lambda: do_import_components(xlsx_data, "xlsx"))
    assert summary.created == rows
    timings.append(("XLSX 导入（新增）", seconds))

    print(f"\n部件导入基准：{rows:,} 行，{LATTICE * LATTICE} 个网格，数据库 {connection.vendor}")
    print(f"{'阶段':<14}{'秒':>10}{'行/秒':>14}")
    for name, seconds in timings:
        print(f"{name:<14}{seconds:>10.2f}{rows / seconds:>14,.0f}")
    keys = ["csv_check", "csv_import", "csv_upsert", "xlsx_import"]
    figures: dict[str, float | str] = {"backend": connection.vendor, "rows": float(rows)}
    for key, (_, seconds) in zip(keys, timings, strict=True):
        figures[f"{key}_rows_per_s"] = rows / seconds
    return figures


def main(rows: int = DEFAULT_ROWS) -> dict[str, float | str]:
    with tempfile.TemporaryDirectory(prefix="cityloop-bench-") as workdir:
        setup_django(Path(workdir))
        configured = create_database(Path(workdir))
        from django.db import connection

        try:
            return run(rows)
        finally:
            connection.creation.destroy_test_db(configured, verbosity=0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="行数（默认 20000）")
    main(parser.parse_args().rows)
