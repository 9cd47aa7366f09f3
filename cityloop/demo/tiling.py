"""Tiling primitives for the demo city: outlines, exact Voronoi splits, quotas and orderings.

A split places well-spread seeds inside the parent (k-means over random samples, each seed a sample
point so it lies inside even a concave parent), takes their Voronoi cells in a locally isotropic
plane and clips them to the parent exactly, so siblings share identical edges. Clipping adds
crossing points on one side of a parent's edge only; ``snap_partition`` finally nodes all edges of
the finest level together onto the ``PRECISION`` grid, so every shared edge is identical on both
sides and the whole hierarchy is an exact partition.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

CENTRE = (120.1, 30.25)
PRECISION = 1e-7  # degrees, about 1 cm: every vertex lies on this grid
MAX_GRIDS_PER_COMMUNITY = 99  # two-digit sequence in the legacy grid code
MAX_CHILDREN = 999  # three-digit street and community codes

_M_PER_DEG_LAT = 110_574.0
_M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(CENTRE[1]))
# "Scaled degrees" (longitude shrunk by cos φ) wherever distances must be isotropic.
X_SCALE = _M_PER_DEG_LON / _M_PER_DEG_LAT


# ---------------------------------------------------------------------------------------------
# Splitting a polygon into k cells
# ---------------------------------------------------------------------------------------------


def sample_inside(parent: BaseGeometry, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` uniform random points strictly inside ``parent`` (degrees), shape (count, 2)."""
    min_x, min_y, max_x, max_y = parent.bounds
    shapely.prepare(parent)
    fill = max(float(parent.area) / ((max_x - min_x) * (max_y - min_y)), 0.05)
    found: list[np.ndarray] = []
    total = 0
    while total < count:
        batch = int((count - total) / fill * 1.3) + 16
        xs = rng.uniform(min_x, max_x, batch)
        ys = rng.uniform(min_y, max_y, batch)
        inside = shapely.contains_xy(parent, xs, ys)
        chunk = np.column_stack([xs[inside], ys[inside]])
        found.append(chunk)
        total += len(chunk)
    return np.concatenate(found)[:count]


def _spread_seeds(parent: BaseGeometry, k: int, rng: np.random.Generator) -> np.ndarray:
    """k well-spread points inside ``parent``: k-means over samples, each seed a sample point."""
    samples = sample_inside(parent, max(12 * k, 48), rng)
    scaled = samples * np.array([X_SCALE, 1.0])
    centres = scaled[rng.choice(len(scaled), size=k, replace=False)]
    squared = (scaled**2).sum(axis=1)

    def distances_to(points: np.ndarray) -> np.ndarray:
        return squared[:, None] - 2 * scaled @ points.T + (points**2).sum(axis=1)[None, :]

    for _ in range(8):
        labels = distances_to(centres).argmin(axis=1)
        counts = np.bincount(labels, minlength=k)
        filled = counts > 0
        sums_x = np.bincount(labels, weights=scaled[:, 0], minlength=k)
        sums_y = np.bincount(labels, weights=scaled[:, 1], minlength=k)
        centres[filled] = np.column_stack([sums_x, sums_y])[filled] / counts[filled, None]
    # A centroid can fall outside a concave parent; the member sample nearest to it cannot.
    distances = distances_to(centres)
    labels = distances.argmin(axis=1)
    own = distances[np.arange(len(scaled)), labels]
    order = np.lexsort((own, labels))
    first = np.ones(len(order), dtype=bool)
    first[1:] = labels[order][1:] != labels[order][:-1]
    picks = dict(zip(labels[order][first].tolist(), order[first].tolist(), strict=True))
    taken = set(picks.values())
    for cluster in range(k):
        if cluster not in picks:  # an empty cluster takes the nearest sample nobody has
            nearest = np.argsort(distances[:, cluster], kind="stable").tolist()
            picks[cluster] = next(i for i in nearest if i not in taken)
            taken.add(picks[cluster])
    return samples[[picks[cluster] for cluster in range(k)]]


def _to_scaled(geometry: Any) -> Any:
    return shapely.transform(geometry, lambda xy: xy * np.array([X_SCALE, 1.0]))


def _from_scaled(geometry: Any) -> Any:
    return shapely.transform(geometry, lambda xy: xy / np.array([X_SCALE, 1.0]))


def _polygons_of(geometry: BaseGeometry) -> list[Polygon]:
    parts = shapely.get_parts(geometry)
    return [part for part in parts if isinstance(part, Polygon) and not part.is_empty]


def split_polygon(parent: BaseGeometry, k: int, rng: np.random.Generator) -> list[BaseGeometry]:
    """Split ``parent`` into ``k`` polygons tiling it exactly (on the ``PRECISION`` grid)."""
    if k <= 1:
        return [parent]
    seeds = _spread_seeds(parent, k, rng)
    scaled_seeds = seeds * np.array([X_SCALE, 1.0])
    cells = shapely.voronoi_polygons(
        shapely.multipoints(scaled_seeds), extend_to=_to_scaled(shapely.envelope(parent)), ordered=True
    )
    cells_deg = _from_scaled(np.asarray(shapely.get_parts(cells)))
    # Exact floating-point clipping: the crossings stay on the parent's edges, so the final
    # ``snap_partition`` can node both sides of every edge onto the same grid points.
    return _merge_stray_pieces(shapely.intersection(cells_deg, parent))


def _merge_stray_pieces(clipped: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    """Make every cell one polygon: a cell cut in two by a concave parent gives its smaller pieces
    to the neighbour sharing the longest edge with them, keeping the tiling exact."""
    if (shapely.get_type_id(np.asarray(clipped)) == shapely.GeometryType.POLYGON).all():
        return list(clipped)
    main: list[BaseGeometry] = []
    strays: list[tuple[int, Polygon]] = []
    for index, cell in enumerate(clipped):
        parts = sorted(_polygons_of(cell), key=lambda part: -part.area)
        main.append(parts[0] if parts else Polygon())
        strays.extend((index, part) for part in parts[1:])
    for owner, stray in strays:
        shared = [
            0.0 if i == owner or other.is_empty else float(shapely.intersection(stray, other).length)
            for i, other in enumerate(main)
        ]
        best = int(np.argmax(shared)) if max(shared, default=0.0) > 0 else owner
        main[best] = shapely.union(main[best], stray)
    return [cell for cell in main if not cell.is_empty]


# ---------------------------------------------------------------------------------------------
# Outline, quotas, ordering
# ---------------------------------------------------------------------------------------------


def make_outline(area_km2: float, rng: np.random.Generator, centre: tuple[float, float] = CENTRE) -> Polygon:
    """An irregular, roughly round polygon of ``area_km2`` around ``centre`` (lon, lat)."""
    angles = np.linspace(0.0, 2 * math.pi, 120, endpoint=False)
    radius = np.ones_like(angles)
    for harmonic in range(2, 7):
        radius += rng.uniform(0.0, 0.14 / harmonic**0.6) * np.cos(
            harmonic * angles + rng.uniform(0, 2 * math.pi)
        )
    radius *= 1.0 + rng.uniform(-0.025, 0.025, len(angles))
    xs, ys = radius * np.cos(angles), radius * np.sin(angles)
    unit = Polygon(np.column_stack([xs, ys]))
    scale_km = math.sqrt(area_km2 / unit.area)
    lons = centre[0] + xs * scale_km * 1000 / _M_PER_DEG_LON
    lats = centre[1] + ys * scale_km * 1000 / _M_PER_DEG_LAT
    return shapely.set_precision(Polygon(np.column_stack([lons, lats])), PRECISION)


def allocate(total: int, weights: Sequence[float], minimum: int = 1) -> list[int]:
    """Split ``total`` into integers proportional to ``weights``, each at least ``minimum``."""
    count = len(weights)
    if total < minimum * count:
        raise ValueError(f"cannot give {count} parts at least {minimum} of {total}")
    spare = total - minimum * count
    weight_sum = float(sum(weights)) or 1.0
    exact = [spare * w / weight_sum for w in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(count), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[: spare - sum(shares)]:
        shares[i] += 1
    return [minimum + share for share in shares]


def street_count(grids: int) -> int:
    return max(1, min(grids, MAX_CHILDREN, round(math.sqrt(grids) / 2.5)))


def community_count(grids: int) -> int:
    wanted = max(1, round(math.sqrt(grids)), math.ceil(grids / MAX_GRIDS_PER_COMMUNITY))
    return min(grids, MAX_CHILDREN, wanted)


def reading_order(shapes: Sequence[BaseGeometry]) -> list[int]:
    """Indices of ``shapes`` north to south in bands, west to east within a band."""
    points = shapely.get_coordinates(shapely.point_on_surface(np.asarray(shapes)))
    band = math.sqrt(sum(float(s.area) for s in shapes) / len(shapes))
    return sorted(range(len(shapes)), key=lambda i: (-math.floor(points[i, 1] / band), points[i, 0], i))


def distance_order(shapes: Sequence[BaseGeometry], centre: tuple[float, float]) -> list[int]:
    points = shapely.get_coordinates(shapely.point_on_surface(np.asarray(shapes)))
    d = np.hypot((points[:, 0] - centre[0]) * X_SCALE, points[:, 1] - centre[1])
    return sorted(range(len(shapes)), key=lambda i: (float(d[i]), i))


def orient(geometry: BaseGeometry) -> BaseGeometry:
    """Exterior rings counter-clockwise, holes clockwise (RFC 7946)."""
    return shapely.orient_polygons(geometry, exterior_cw=False)


def carve_park(host: BaseGeometry, rng: np.random.Generator) -> tuple[BaseGeometry, Polygon]:
    """Cut a roundish park out of the middle of ``host``: (host with a hole, park filling it)."""
    scaled_host = _to_scaled(host)
    radius_line = shapely.maximum_inscribed_circle(scaled_host, tolerance=math.sqrt(scaled_host.area) / 200)
    (cx, cy), radius = radius_line.coords[0], radius_line.length
    angles = np.linspace(0.0, 2 * math.pi, 14, endpoint=False)
    radii = radius * rng.uniform(0.45, 0.7, len(angles))
    ring = np.column_stack([(cx + radii * np.cos(angles)) / X_SCALE, cy + radii * np.sin(angles)])
    park = shapely.set_precision(Polygon(ring), PRECISION)
    return shapely.difference(host, park), park


def snap_partition(pieces: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    """Put a tiling on the ``PRECISION`` grid so that neighbours share identical edges.

    Snapping each piece alone would round the two sides of a shared edge differently; instead all
    edges are noded once by snap rounding and polygonised, and each face goes back to the piece
    holding it. Faces a rounding step left in two pieces or in none (slivers of ~1 cm²) go to the
    lowest-numbered or nearest piece.
    """
    geometries = np.asarray(pieces)
    lines = shapely.union_all(shapely.boundary(geometries), grid_size=PRECISION)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))))
    points = shapely.point_on_surface(faces)
    tree = shapely.STRtree(geometries)
    face_index, piece_index = tree.query(points, predicate="within")
    owner = np.full(len(faces), len(geometries), dtype=np.int64)
    np.minimum.at(owner, face_index, piece_index)
    orphans = np.flatnonzero(owner == len(geometries))
    if len(orphans):
        nearest_face, nearest_piece = tree.query_nearest(points[orphans], all_matches=True)
        for face, piece in zip(orphans[nearest_face].tolist(), nearest_piece.tolist(), strict=True):
            owner[face] = min(piece, owner[face]) if owner[face] < len(geometries) else piece
    result: list[list[BaseGeometry]] = [[] for _ in geometries]
    for face, piece in enumerate(owner.tolist()):
        result[piece].append(faces[face])
    if any(not parts for parts in result):
        raise ValueError("a piece of the tiling vanished while snapping to the precision grid")
    return [
        parts[0] if len(parts) == 1 else shapely.union_all(parts, grid_size=PRECISION) for parts in result
    ]
