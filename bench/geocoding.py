"""Benchmark of point → grid geocoding at district and megacity scale.

Generates demo cities of 1,000 and 100,000 grids with the pure geometry module (no database),
builds a ``GridIndex`` over them with synthetic locations, and geocodes random points inside the
city: many at once through ``locate_many`` and one by one through ``locate``. Prints the build
time, points per second at each size and the throughput ratio (largest / smallest size), which
shows how flat the STR-tree keeps lookups as the grid count grows a hundredfold.

Usage: ``python bench/geocoding.py [--sizes 1000 100000] [--many 200000] [--single 50000]``.
``main()`` returns the figures so ``bench/run.py`` can collect them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1_000, 100_000)
DEFAULT_MANY = 200_000
DEFAULT_SINGLE = 50_000
SEED = 2026
GRIDS_PER_DISTRICT = 10_000


def _setup_django() -> None:
    # The geocoder module reads settings at import; no database is opened.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityloop.settings_test")
    import django

    django.setup()


def measure(grids: int, many: int, single: int) -> dict[str, float]:
    """Generate a city of ``grids`` grids, index it, and time both lookup paths."""
    import numpy as np

    from cityloop.demo.geometry import generate_city
    from cityloop.demo.tiling import sample_inside
    from cityloop.geo.geocoding import GridIndex, Location

    districts = max(1, round(grids / GRIDS_PER_DISTRICT))
    started = time.perf_counter()
    city = generate_city(SEED, grids=grids, districts=districts)
    generated = time.perf_counter()
    entries = [
        (
            Location(
                grid_id=i,
                grid_code=grid.code,
                grid_version_id=i,
                community_id=int(grid.code[:12]),
                street_id=int(grid.code[:9]),
                district_id=int(grid.code[:6]),
            ),
            grid.geometry,
        )
        for i, grid in enumerate(city.grids)
    ]
    index = GridIndex(entries)
    built = time.perf_counter()

    rng = np.random.default_rng(SEED)
    points = sample_inside(city.city.geometry, max(many, single), rng)

    index.locate_many(points[:1000])  # warm-up outside the clock
    clock = time.perf_counter()
    located = index.locate_many(points[:many])
    many_seconds = time.perf_counter() - clock
    misses = sum(location is None for location in located)

    clock = time.perf_counter()
    for lon, lat in points[:single].tolist():
        if index.locate(lon, lat) is None:
            misses += 1
    single_seconds = time.perf_counter() - clock
    return {
        "grids": float(len(city.grids)),
        "generate_s": generated - started,
        "index_build_s": built - generated,
        "locate_many_pts_per_s": many / many_seconds,
        "locate_pts_per_s": single / single_seconds,
        "misses": float(misses),
    }


def main(
    sizes: tuple[int, ...] = DEFAULT_SIZES, many: int = DEFAULT_MANY, single: int = DEFAULT_SINGLE
) -> dict[str, float]:
    _setup_django()
    results = {size: measure(size, many, single) for size in sizes}
    smallest, largest = min(sizes), max(sizes)
    figures: dict[str, float] = {}
    for size, result in results.items():
        for key, value in result.items():
            figures[f"{size}_grids.{key}"] = value
    figures["ratio_locate_many"] = (
        results[largest]["locate_many_pts_per_s"] / results[smallest]["locate_many_pts_per_s"]
    )
    figures["ratio_locate"] = results[largest]["locate_pts_per_s"] / results[smallest]["locate_pts_per_s"]
    _print_table(results, figures, smallest, largest, many, single)
    return figures


def _print_table(
    results: dict[int, dict[str, float]],
    figures: dict[str, Any],
    smallest: int,
    largest: int,
    many: int,
    single: int,
) -> None:
    print(f"\nGeocoding benchmark (locate_many: {many:,} points, locate: {single:,} points)")
    header = f"{'grids':>9}  {'generate s':>10}  {'index s':>8}  {'locate_many pts/s':>18}  {'locate pts/s':>13}  {'misses':>6}"
    print(header)
    print("-" * len(header))
    for r in results.values():
        print(
            f"{int(r['grids']):>9,}  {r['generate_s']:>10.2f}  {r['index_build_s']:>8.2f}  "
            f"{r['locate_many_pts_per_s']:>18,.0f}  {r['locate_pts_per_s']:>13,.0f}  {int(r['misses']):>6}"
        )
    print(
        f"throughput ratio {largest:,} / {smallest:,} grids: locate_many {figures['ratio_locate_many']:.2f}, "
        f"locate {figures['ratio_locate']:.2f}  (1.00 = no slowdown)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--many", type=int, default=DEFAULT_MANY)
    parser.add_argument("--single", type=int, default=DEFAULT_SINGLE)
    arguments = parser.parse_args()
    main(tuple(arguments.sizes), arguments.many, arguments.single)
