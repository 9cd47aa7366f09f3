import pytest

from cityloop.catalog.loading import load_scheme
from cityloop.catalog.models import Scheme


@pytest.fixture
def gbt_scheme(db) -> Scheme:
    """GB/T 47678.5-2026 loaded from the seed files."""
    load_scheme("gbt47678-2026")
    return Scheme.objects.get(code="gbt47678-2026")


@pytest.fixture
def legacy_scheme(db) -> Scheme:
    """The legacy 4-digit scheme loaded from the seed files."""
    load_scheme("legacy")
    return Scheme.objects.get(code="legacy")
