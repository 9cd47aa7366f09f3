import pytest
from django.urls import reverse

from cityloop.catalog.loading import load_case_standards
from cityloop.catalog.models import Category, FilingCondition, MajorCategory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "label"),
    [
        ("scheme", "分类方案"),
        ("majorcategory", "大类"),
        ("category", "小类"),
        ("filingcondition", "立结案标准"),
    ],
)
def test_catalog_admin__changelist_and_add_render_in_chinese(admin_client, gbt_scheme, model, label):
    load_case_standards()

    changelist = admin_client.get(reverse(f"admin:catalog_{model}_changelist"))
    add = admin_client.get(reverse(f"admin:catalog_{model}_add"))

    assert changelist.status_code == 200
    assert add.status_code == 200
    assert label in changelist.content.decode()
    assert label in add.content.decode()


def test_category_admin__filters_and_search(admin_client, gbt_scheme):
    url = reverse("admin:catalog_category_changelist")

    response = admin_client.get(url, {"q": "暴露垃圾", "kind__exact": "event", "is_local__exact": "0"})

    assert response.status_code == 200
    assert "06010" in response.content.decode()
    assert "本地扩展" in response.content.decode()  # the is_local filter's title


def test_category_admin__change_page_shows_filing_condition_inline(admin_client, gbt_scheme):
    load_case_standards()
    category = Category.objects.get(scheme=gbt_scheme, kind="event", code="06001")

    response = admin_client.get(reverse("admin:catalog_category_change", args=[category.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "已拆除，恢复原状" in content
    assert "时限单位" in content
    assert "默认处置部门" in content


def add_form_data(major: MajorCategory, minor_code: str, name: str = "本地事项") -> dict[str, str]:
    return {
        "major": str(major.pk),
        "minor_code": minor_code,
        "name": name,
        "notes": "",
        "is_active": "on",
        "filing_conditions-TOTAL_FORMS": "0",
        "filing_conditions-INITIAL_FORMS": "0",
        "filing_conditions-MIN_NUM_FORMS": "0",
        "filing_conditions-MAX_NUM_FORMS": "1000",
    }


def test_category_admin__adds_local_category(admin_client, legacy_scheme):
    major = MajorCategory.objects.get(scheme=legacy_scheme, kind="event", code="01")

    response = admin_client.post(
        reverse("admin:catalog_category_add"), add_form_data(major, "21", "乱贴乱画")
    )

    assert response.status_code == 302
    category = Category.objects.get(scheme=legacy_scheme, kind="event", code="0121")
    assert (category.name, category.is_local, category.minor_code) == ("乱贴乱画", True, "21")


@pytest.mark.parametrize(("minor_code", "message"), [("2", "2 位数字"), ("01", "已被")])
def test_category_admin__refuses_bad_local_category_with_form_error(
    admin_client, legacy_scheme, minor_code, message
):
    major = MajorCategory.objects.get(scheme=legacy_scheme, kind="event", code="01")
    before = Category.objects.count()

    response = admin_client.post(reverse("admin:catalog_category_add"), add_form_data(major, minor_code))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["adminform"].form.errors["minor_code"]
    assert Category.objects.count() == before


def test_filing_condition_admin__zero_time_limit_is_a_form_error(admin_client, gbt_scheme):
    category = Category.objects.get(scheme=gbt_scheme, kind="event", code="06010")

    response = admin_client.post(
        reverse("admin:catalog_filingcondition_add"),
        {
            "category": str(category.pk),
            "description": "x",
            "time_limit_value": "0",
            "time_limit_unit": "work_hours",
            "closing_condition": "y",
            "sort_order": "0",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "处置时限必须大于 0" in response.content.decode()
    assert not FilingCondition.objects.exists()
