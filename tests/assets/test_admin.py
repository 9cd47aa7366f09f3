"""The component admin: list, hand edits with the grid derived, the import page, export actions."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cityloop.assets.importing import do_import_components
from cityloop.assets.models import Component
from tests.assets.files import GRID_10, OUTSIDE, csv_bytes, identifier, row, xlsx_bytes

IMPORT_URL = "admin:assets_component_import"


def upload(client, name: str, data: bytes, **fields):
    return client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, data), **fields})


def test_import_page__bad_file_shows_the_whole_report_and_writes_nothing(admin_client, inventory):
    data = csv_bytes([row(1), row(2, 状态="坏了"), row(3, point=OUTSIDE)])
    response = upload(admin_client, "部件.csv", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="import-report"' in page
    assert "<td>第3行</td><td>状态</td><td><code>state_invalid</code></td>" in page
    assert "<td>第4行</td><td>经度/纬度</td><td><code>point_outside_grids</code></td>" in page
    assert "未写入任何数据" in page
    assert Component.objects.count() == 0


def test_import_page__good_file_shows_the_summary(admin_client, inventory):
    response = upload(admin_client, "部件.xlsx", xlsx_bytes([row(1), row(2, point=GRID_10)]))
    assert response.status_code == 200
    assert "新增 2 个部件" in response.content.decode()
    assert Component.objects.count() == 2


def test_import_page__upsert_checkbox_updates(admin_client, inventory):
    do_import_components(csv_bytes([row(1)]), "csv")
    response = upload(admin_client, "部件.csv", csv_bytes([row(1, 名称="改名")]), upsert="on")
    assert "更新 1 个部件" in response.content.decode()
    assert Component.objects.get().name == "改名"


def test_import_page__undecodable_or_mistyped_uploads_are_form_errors(admin_client, inventory):
    cases = [
        ("部件.csv", b"\x81\x20\xff\xfe\xfa", "无法识别文件编码"),
        ("部件.xlsx", b"this is not a workbook", "无法读取 XLSX"),
        ("部件.png", b"\x89PNG", "无法从文件名判断格式"),
        ("部件.csv", csv_bytes([row(1)]), "文件扩展名与所选格式不符"),
    ]
    for name, data, message in cases:
        extra = {"file_format": "xlsx"} if message.startswith("文件扩展名") else {}
        response = upload(admin_client, name, data, **extra)
        assert response.status_code == 200, name
        assert message in response.content.decode(), name
    assert Component.objects.count() == 0


def test_import_page__too_big_upload_is_a_form_error(admin_client, inventory, monkeypatch):
    monkeypatch.setattr("cityloop.assets.forms.MAX_UPLOAD_BYTES", 10)
    response = upload(admin_client, "部件.csv", csv_bytes([row(1)]))
    assert response.status_code == 200
    assert "文件过大" in response.content.decode()


def test_import_page__requires_add_permission(client, django_user_model, inventory):
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(reverse(IMPORT_URL)).status_code == 403


def test_changelist__lists_with_filters_and_links_the_import_page(admin_client, inventory):
    do_import_components(csv_bytes([row(1), row(2, point=GRID_10)]), "csv")
    url = reverse("admin:assets_component_changelist")
    response = admin_client.get(url, {"street": str(inventory.streets[1].pk), "state": "intact"})
    page = response.content.decode()
    assert response.status_code == 200
    assert identifier(2) in page and identifier(1) not in page
    assert reverse(IMPORT_URL) in page
    major = Component.objects.first().category.major_id
    assert admin_client.get(url, {"major": str(major), "q": "3301060100"}).status_code == 200


def test_export_action__downloads_the_selected_components(admin_client, inventory):
    do_import_components(csv_bytes([row(1), row(2)]), "csv")
    chosen = Component.objects.get(identifier=identifier(2))
    response = admin_client.post(
        reverse("admin:assets_component_changelist"),
        {"action": "export_selected_csv", "_selected_action": [chosen.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    text = response.content.decode("utf-8-sig")
    assert identifier(2) in text and identifier(1) not in text


def change_form_data(catalog, **overrides):
    data = {
        "identifier": identifier(7),
        "category": catalog.manhole.pk,
        "name": "手工井盖",
        "state": "intact",
        "lon": GRID_10[0],
        "lat": GRID_10[1],
    }
    data.update(overrides)
    return data


def test_add_form__derives_the_grid_from_the_point(admin_client, inventory, catalog):
    response = admin_client.post(reverse("admin:assets_component_add"), change_form_data(catalog))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Component.objects.get().grid == inventory.grid_at(1, 0)


def test_change_form__moving_the_point_moves_the_grid(admin_client, inventory, catalog):
    admin_client.post(reverse("admin:assets_component_add"), change_form_data(catalog))
    component = Component.objects.get()
    url = reverse("admin:assets_component_change", args=[component.pk])
    response = admin_client.post(url, change_form_data(catalog, lon=120.005, lat=30.015))
    assert response.status_code == 302
    component.refresh_from_db()
    assert component.grid == inventory.grid_at(0, 1)


def test_add_form__point_outside_grids_and_bad_identifier_are_field_errors(admin_client, inventory, catalog):
    data = change_form_data(catalog, lon=OUTSIDE[0], lat=OUTSIDE[1], identifier=identifier(7, "01002"))
    response = admin_client.post(reverse("admin:assets_component_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "不在任何在用的单元网格内" in errors["lon"][0]
    assert "01002" in errors["identifier"][0]
    assert Component.objects.count() == 0


def test_add_form__identifier_of_another_district_is_refused(admin_client, inventory, catalog):
    data = change_form_data(catalog, identifier=identifier(7, district="330102"))
    response = admin_client.post(reverse("admin:assets_component_add"), data)
    assert response.status_code == 200
    assert "330106" in response.context["adminform"].form.errors["identifier"][0]
