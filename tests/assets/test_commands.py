"""The import_components / export_components management commands."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cityloop.assets.models import Component
from tests.assets.files import GRID_10, OUTSIDE, csv_bytes, geojson_bytes, row


def test_import_command__imports_and_prints_the_summary(inventory, tmp_path):
    path = tmp_path / "部件.csv"
    path.write_bytes(csv_bytes([row(1), row(2, point=GRID_10)]))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_components", str(path), stdout=out, stderr=err)
    assert "新增 2 个部件" in out.getvalue()
    assert "写入" in err.getvalue()  # the progress bar
    assert Component.objects.count() == 2


def test_import_command__rejection_prints_every_issue_and_fails(inventory, tmp_path):
    path = tmp_path / "部件.geojson"
    path.write_bytes(geojson_bytes([row(1, 状态="坏"), row(2, point=OUTSIDE)]))
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_components", str(path), "--no-progress", stderr=err)
    assert "发现 2 个问题" in str(raised.value)
    assert "要素#1 [状态] state_invalid" in err.getvalue()
    assert "要素#2 [经度/纬度] point_outside_grids" in err.getvalue()
    assert Component.objects.count() == 0


def test_import_command__file_level_errors_are_plain_messages(inventory, tmp_path):
    path = tmp_path / "部件.txt"
    path.write_bytes(b"\x81\x20\xff")
    with pytest.raises(CommandError, match="无法从文件名"):
        call_command("import_components", str(path))
    with pytest.raises(CommandError, match="file_undecodable"):
        call_command("import_components", str(path), "--format", "csv")
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_components", str(tmp_path / "missing.csv"))


def test_export_then_import_upsert_commands__round_trip(inventory, tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(csv_bytes([row(1), row(2, point=GRID_10)]))
    call_command("import_components", str(source), "--no-progress", stdout=io.StringIO())
    target = tmp_path / "out.xlsx"
    call_command("export_components", str(target), stdout=io.StringIO())
    Component.objects.update(name="x")
    out = io.StringIO()
    call_command("import_components", str(target), "--upsert", "--no-progress", stdout=out)
    assert "更新 2 个部件" in out.getvalue()
    assert sorted(Component.objects.values_list("name", flat=True)) == ["井盖1", "井盖2"]
