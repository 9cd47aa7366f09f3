"""The admin shows the missing-year warning and imports a year from CSV."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cityloop.core.clock import frozen_at
from cityloop.worktime.models import CalendarSource, CalendarYear
from tests.worktime.conftest import at

NOW = at(2026, 11, 23, 9)


@pytest.mark.parametrize("model", ["workcalendar", "calendaryear"])
def test_changelists__warn_about_the_missing_2027(admin_client, default_calendar, model):
    with frozen_at(NOW):
        response = admin_client.get(reverse(f"admin:worktime_{model}_changelist"))
    assert response.status_code == 200
    texts = [str(message) for message in response.context["messages"]]
    assert any("2027" in text and "无法计算" in text for text in texts), texts


def test_import_page__imports_a_year_and_redirects_to_it(admin_client, default_calendar):
    upload = SimpleUploadedFile("2027.csv", "date,kind,name\n2027-01-01,休,元旦\n".encode())
    response = admin_client.post(
        reverse("admin:worktime_calendaryear_import"),
        {"calendar": default_calendar.pk, "year": 2027, "file": upload, "file_format": "csv", "note": "通知"},
    )
    calendar_year = CalendarYear.objects.get(calendar=default_calendar, year=2027)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:worktime_calendaryear_change", args=[calendar_year.pk])
    assert calendar_year.source == CalendarSource.IMPORTED


def test_import_page__shows_the_report_and_writes_nothing(admin_client, default_calendar):
    upload = SimpleUploadedFile("2027.csv", "2027-01-04,班,元旦\n".encode())
    response = admin_client.post(
        reverse("admin:worktime_calendaryear_import"),
        {"calendar": default_calendar.pk, "year": 2027, "file": upload, "file_format": "csv"},
    )
    assert response.status_code == 200
    assert "makeup_on_weekday" in response.content.decode()
    assert not CalendarYear.objects.filter(calendar=default_calendar, year=2027).exists()


def test_editing_special_days_inline__marks_the_year_manual(admin_client, default_calendar):
    calendar_year = CalendarYear.objects.get(calendar=default_calendar, year=2026)
    days = list(calendar_year.special_days.all())
    data = {
        "calendar": default_calendar.pk,
        "year": 2026,
        "source": calendar_year.source,
        "note": "",
        "special_days-TOTAL_FORMS": len(days) + 1,
        "special_days-INITIAL_FORMS": len(days),
        "special_days-MIN_NUM_FORMS": 0,
        "special_days-MAX_NUM_FORMS": 1000,
        f"special_days-{len(days)}-calendar_year": calendar_year.pk,
        f"special_days-{len(days)}-date": "2026-12-31",
        f"special_days-{len(days)}-kind": "holiday",
        f"special_days-{len(days)}-name": "跨年",
    }
    for index, day in enumerate(days):
        data.update(
            {
                f"special_days-{index}-id": day.pk,
                f"special_days-{index}-calendar_year": calendar_year.pk,
                f"special_days-{index}-date": day.date.isoformat(),
                f"special_days-{index}-kind": day.kind,
                f"special_days-{index}-name": day.name,
            }
        )
    response = admin_client.post(reverse("admin:worktime_calendaryear_change", args=[calendar_year.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    calendar_year.refresh_from_db()
    assert calendar_year.source == CalendarSource.MANUAL
    assert calendar_year.special_days.filter(date="2026-12-31", name="跨年").exists()


def test_editing_special_days_inline__refuses_a_date_of_another_year(admin_client, default_calendar):
    calendar_year = CalendarYear.objects.get(calendar=default_calendar, year=2026)
    data = {
        "calendar": default_calendar.pk,
        "year": 2026,
        "source": calendar_year.source,
        "note": "",
        "special_days-TOTAL_FORMS": 1,
        "special_days-INITIAL_FORMS": 0,
        "special_days-MIN_NUM_FORMS": 0,
        "special_days-MAX_NUM_FORMS": 1000,
        "special_days-0-calendar_year": calendar_year.pk,
        "special_days-0-date": "2027-01-01",
        "special_days-0-kind": "holiday",
        "special_days-0-name": "元旦",
    }
    response = admin_client.post(reverse("admin:worktime_calendaryear_change", args=[calendar_year.pk]), data)
    assert response.status_code == 200
    assert "不在 2026 年内" in response.content.decode()


def test_schedule_inline__refuses_overlapping_periods(admin_client, db):
    data = {
        "name": "错误作息",
        "note": "",
        "periods-TOTAL_FORMS": 2,
        "periods-INITIAL_FORMS": 0,
        "periods-MIN_NUM_FORMS": 1,
        "periods-MAX_NUM_FORMS": 1000,
        "periods-0-start": "08:00",
        "periods-0-end": "12:00",
        "periods-1-start": "11:00",
        "periods-1-end": "15:00",
    }
    response = admin_client.post(reverse("admin:worktime_workschedule_add"), data)
    assert response.status_code == 200
    assert "工作时段不能互相重叠" in response.content.decode()
