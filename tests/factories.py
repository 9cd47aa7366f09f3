"""Small hand-built places for tests: a city of square grids whose answers are easy to reason about.

``build_square_city`` lays a district out as streets × communities × grids of equal squares starting
at ``origin``, writing rows directly (not through the import) so tests of the importer and of the
geocoder do not depend on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from shapely.geometry import box, mapping

from cityloop.geo.models import Grid, GridIndexRevision, GridVersion, Region, RegionLevel

SQUARE = 0.01  # degrees per grid side, about 1 km at 30°N


@dataclass
class SquareCity:
    city: Region
    district: Region
    streets: list[Region] = field(default_factory=list)
    communities: list[Region] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)

    def grid_at(self, column: int, row: int) -> Grid:
        return Grid.objects.get(code=grid_code(self.district.code, column, row, self.rows))

    rows: int = 0


def grid_code(district_code: str, column: int, row: int, rows: int) -> str:
    """Column c is street c+1 and holds one community; row r is that community's grid r+1."""
    return f"{district_code}{column + 1:03d}{1:03d}{row + 1:02d}"


def build_square_city(
    columns: int = 2,
    rows: int = 2,
    origin: tuple[float, float] = (120.0, 30.0),
    district_code: str = "330106",
    city_code: str = "330100",
) -> SquareCity:
    """Columns of grids: each column is one street with one community; cell (c, r) is one grid."""
    x0, y0 = origin
    city = Region.objects.create(code=city_code, name="测试市", level=RegionLevel.CITY)
    district_shape = box(x0, y0, x0 + columns * SQUARE, y0 + rows * SQUARE)
    district = Region.objects.create(
        code=district_code,
        name="测试区",
        level=RegionLevel.DISTRICT,
        parent=city,
        boundary=mapping(district_shape),
    )
    result = SquareCity(city=city, district=district, rows=rows)
    now = timezone.now()
    for column in range(columns):
        column_shape = box(x0 + column * SQUARE, y0, x0 + (column + 1) * SQUARE, y0 + rows * SQUARE)
        street = Region.objects.create(
            code=f"{district_code}{column + 1:03d}",
            name=f"第{column + 1}街道",
            level=RegionLevel.STREET,
            parent=district,
            boundary=mapping(column_shape),
        )
        community = Region.objects.create(
            code=f"{street.code}001",
            name=f"第{column + 1}社区",
            level=RegionLevel.COMMUNITY,
            parent=street,
            boundary=mapping(column_shape),
        )
        result.streets.append(street)
        result.communities.append(community)
        for row in range(rows):
            cell = box(
                x0 + column * SQUARE, y0 + row * SQUARE, x0 + (column + 1) * SQUARE, y0 + (row + 1) * SQUARE
            )
            grid = Grid.objects.create(code=grid_code(district_code, column, row, rows), community=community)
            min_lon, min_lat, max_lon, max_lat = cell.bounds
            GridVersion.objects.create(
                grid=grid,
                number=1,
                geometry=mapping(cell),
                min_lon=min_lon,
                min_lat=min_lat,
                max_lon=max_lon,
                max_lat=max_lat,
                area_m2=1_000_000.0,
                valid_from=now,
            )
            result.grids.append(grid)
    revision, _ = GridIndexRevision.objects.get_or_create(pk=1)
    revision.revision += 1
    revision.save()
    return result
