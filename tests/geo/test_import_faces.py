import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cityloop.geo import forms
from cityloop.geo.models import Grid
from tests.geo.conftest import clean_file

IMPORT_URL = "admin:geo_grid_import"


@pytest.fixture
def geojson_file(tmp_path):
    def write(data):
        path = tmp_path / "grids.geojson"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@pytest.mark.django_db
def test_import_grids_command__prints_summary(geojson_file, capsys):
    call_command("import_grids", str(geojson_file(clean_file())))

    out = capsys.readouterr().out
    assert "导入完成" in out
    assert "单元网格：新建 2" in out
    assert Grid.objects.count() == 2


@pytest.mark.django_db
def test_import_grids_command__rejection_exits_with_message_and_report(geojson_file, capsys):
    data = clean_file()
    data["features"][4]["properties"]["code"] = data["features"][3]["properties"]["code"]

    with pytest.raises(CommandError) as caught:
        call_command("import_grids", str(geojson_file(data)))

    assert "未写入任何数据" in str(caught.value)
    assert "code_duplicate" in capsys.readouterr().err
    assert Grid.objects.count() == 0


@pytest.mark.django_db
def test_import_grids_command__missing_file_is_a_clean_error(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("import_grids", str(tmp_path / "nope.geojson"))

    assert "无法读取文件" in str(caught.value)


def upload(content: bytes):
    return SimpleUploadedFile("grids.geojson", content, content_type="application/geo+json")


def test_admin_import__changelist_links_to_the_import_page(admin_client):
    response = admin_client.get(reverse("admin:geo_grid_changelist"))

    assert reverse(IMPORT_URL) in response.content.decode()


def test_admin_import__clean_file_shows_counts(admin_client):
    response = admin_client.post(reverse(IMPORT_URL), {"file": upload(json.dumps(clean_file()).encode())})

    assert response.status_code == 200
    assert "导入完成" in response.content.decode()
    assert Grid.objects.count() == 2


def test_admin_import__rejected_file_shows_the_report_table(admin_client):
    data = clean_file()
    data["features"][4]["geometry"] = None

    response = admin_client.post(reverse(IMPORT_URL), {"file": upload(json.dumps(data).encode())})

    page = response.content.decode()
    assert response.status_code == 200
    assert "geometry_missing" in page and "要素#5 (33010600100102)" in page
    assert Grid.objects.count() == 0


def test_admin_import__non_json_upload_is_a_form_error(admin_client):
    response = admin_client.post(reverse(IMPORT_URL), {"file": upload(b"\xff\xfe not json")})

    assert response.status_code == 200
    assert "不是有效的 UTF-8 JSON" in response.content.decode()


def test_admin_import__oversized_upload_is_a_form_error(admin_client, monkeypatch):
    monkeypatch.setattr(forms, "MAX_GRID_IMPORT_BYTES", 10)

    response = admin_client.post(reverse(IMPORT_URL), {"file": upload(json.dumps(clean_file()).encode())})

    assert response.status_code == 200
    assert "文件过大" in response.content.decode()


def test_admin_import__requires_grid_permissions(client, django_user_model):
    staff = django_user_model.objects.create_user(username="viewer", password="x", is_staff=True)
    client.force_login(staff)

    response = client.get(reverse(IMPORT_URL))

    assert response.status_code == 403


def test_admin_grid_change_page_lists_versions(admin_client, square_city):
    grid = Grid.objects.get(code="33010600100101")

    response = admin_client.get(reverse("admin:geo_grid_change", args=[grid.pk]))

    assert response.status_code == 200
    assert "边界版本" in response.content.decode()
