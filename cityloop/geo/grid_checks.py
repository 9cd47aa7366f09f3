"""Spatial checks of a grid import: overlaps, gaps and grids outside their community.

Grids are compared as they will be after the import: the file's grids plus the current grids in
the database that the file does not redraw. Candidate pairs come from a shapely STR-tree, so the
work grows with the number of neighbours, not with the square of the number of grids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from cityloop.core.validation import ValidationReport
from cityloop.geo.grids import area_m2

# Slivers smaller than this (square metres) are digitising noise, not overlaps, gaps or overhangs.
# One square metre is about 8e-11 degrees² at 30°N; we compare true areas, not degrees.
SLIVER_TOLERANCE_M2 = 1.0


@dataclass(frozen=True)
class GridShape:
    """A grid as the checks see it; ``where`` is set for the file's features, ``None`` for stored grids."""

    code: str
    community_code: str
    geometry: BaseGeometry
    where: str | None


@dataclass(frozen=True)
class CommunityShape:
    """A community whose coverage is checked; ``boundary`` is ``None`` when unknown."""

    code: str
    boundary: BaseGeometry | None
    where: str


def _grid_label(grid: GridShape) -> str:
    return grid.where or f"已有网格 {grid.code}"


def check_overlaps(grids: Sequence[GridShape], report: ValidationReport) -> None:
    """Report every pair of grids (at least one from the file) whose interiors overlap beyond tolerance."""
    if not grids:
        return
    geometries = np.array([grid.geometry for grid in grids], dtype=object)
    from_file = np.array([grid.where is not None for grid in grids])
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries[from_file], predicate="intersects")
    left = np.flatnonzero(from_file)[left]
    # Each pair once: ordered, or with the stored grid on the right.
    keep = (left < right) | ~from_file[right]
    left, right = left[keep], right[keep]
    if len(left) == 0:
        return
    interiors_meet = ~shapely.touches(geometries[left], geometries[right])
    left, right = left[interiors_meet], right[interiors_meet]
    for a, b, common in zip(
        left, right, shapely.intersection(geometries[left], geometries[right]), strict=True
    ):
        size = area_m2(common)
        if size <= SLIVER_TOLERANCE_M2:
            continue
        first, second = grids[int(a)], grids[int(b)]
        point = common.representative_point()
        report.add(
            _grid_label(first),
            "geometry",
            "grid_overlap",
            f"网格 {first.code} 与网格 {second.code} 重叠约 {size:,.1f} 平方米"
            f"（重叠处一点：{point.x:.6f}, {point.y:.6f}）。",
        )


def _pieces(geometry: BaseGeometry) -> list[BaseGeometry]:
    parts = getattr(geometry, "geoms", None)
    return [part for part in (parts if parts is not None else [geometry]) if not part.is_empty]


def _report_gaps(
    where: str, community_code: str, gap: BaseGeometry, report: ValidationReport, why: str
) -> None:
    for piece in _pieces(gap):
        if piece.geom_type != "Polygon":
            continue
        size = area_m2(piece)
        if size <= SLIVER_TOLERANCE_M2:
            continue
        point = piece.representative_point()
        report.add(
            where,
            "geometry",
            "grid_gap",
            f"社区 {community_code} {why}：约 {size:,.1f} 平方米，位于 ({point.x:.6f}, {point.y:.6f}) 附近。",
        )


def check_coverage(
    communities: Sequence[CommunityShape], grids: Sequence[GridShape], report: ValidationReport
) -> None:
    """Report gaps: parts of a community's boundary no grid of it covers, and holes no grid fills.

    Without a known boundary, only holes inside the union of the community's grids are gaps (a hole
    filled by any grid, e.g. an enclave of another community, is fine).
    """
    by_community: dict[str, list[BaseGeometry]] = defaultdict(list)
    for grid in grids:
        by_community[grid.community_code].append(grid.geometry)
    all_geometries = np.array([grid.geometry for grid in grids], dtype=object)
    tree = shapely.STRtree(all_geometries)
    for community in communities:
        own = by_community.get(community.code, [])
        covered = shapely.union_all(own) if own else Polygon()
        if community.boundary is not None:
            _report_gaps(
                community.where,
                community.code,
                community.boundary.difference(covered),
                report,
                "有区域未被其网格覆盖",
            )
            continue
        for polygon in _pieces(covered):
            for ring in getattr(polygon, "interiors", []):
                hole = Polygon(ring)
                fillers = all_geometries[tree.query(hole, predicate="intersects")]
                remaining = hole.difference(shapely.union_all(fillers)) if len(fillers) else hole
                _report_gaps(
                    community.where, community.code, remaining, report, "的网格之间有空洞未被任何网格填充"
                )


def check_inside_parents(
    grids: Sequence[GridShape], boundaries: dict[str, BaseGeometry], report: ValidationReport
) -> None:
    """Report the file's grids reaching outside their community's boundary beyond tolerance."""
    for grid in grids:
        boundary = boundaries.get(grid.community_code)
        if grid.where is None or boundary is None:
            continue
        outside = grid.geometry.difference(boundary)
        size = area_m2(outside) if not outside.is_empty else 0.0
        if size > SLIVER_TOLERANCE_M2:
            point = outside.representative_point()
            report.add(
                grid.where,
                "geometry",
                "grid_outside_parent",
                f"网格 {grid.code} 有约 {size:,.1f} 平方米超出所属社区 {grid.community_code} 的边界"
                f"（如 {point.x:.6f}, {point.y:.6f}）。",
            )
