"""Writing the generated city's regions, grids and first grid versions to the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from shapely.geometry import mapping

from cityloop.demo.geometry import DemoCity
from cityloop.geo.grids import bump_grid_index_revision, new_grid_version
from cityloop.geo.models import Grid, GridVersion, Region, RegionLevel

# A fixed date keeps two builds of one seed identical; it predates every demo case.
GRID_VALID_FROM = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 1000


@dataclass
class StoredPlaces:
    """The rows written for a ``DemoCity``, by code; ``grids`` follows ``DemoCity.grids``."""

    regions: dict[str, Region] = field(default_factory=dict)
    grids: list[Grid] = field(default_factory=list)

    @property
    def city(self) -> Region:
        return next(r for r in self.regions.values() if r.level == RegionLevel.CITY)

    def of_level(self, level: str) -> list[Region]:
        return [region for region in self.regions.values() if region.level == level]


def write_places(city: DemoCity) -> StoredPlaces:
    """Bulk-create every region (parents first), grid and grid version; bump the index revision."""
    stored = StoredPlaces()
    for level in (
        [city.city],
        city.districts,
        city.streets,
        city.communities,
    ):
        rows = [
            Region(
                code=place.code,
                name=place.name,
                level=place.level,
                parent=stored.regions[place.parent_code] if place.parent_code else None,
                boundary=mapping(place.geometry),
            )
            for place in level
        ]
        for region in Region.objects.bulk_create(rows, batch_size=BATCH):
            stored.regions[region.code] = region

    grids = [
        Grid(
            code=shape.code,
            name=shape.name,
            community=stored.regions[shape.community_code],
            area_class=shape.area_class,
        )
        for shape in city.grids
    ]
    stored.grids = Grid.objects.bulk_create(grids, batch_size=BATCH)
    versions = [
        new_grid_version(grid, shape.geometry, 1, GRID_VALID_FROM, "演示数据")
        for grid, shape in zip(stored.grids, city.grids, strict=True)
    ]
    GridVersion.objects.bulk_create(versions, batch_size=BATCH)
    bump_grid_index_revision()
    return stored
