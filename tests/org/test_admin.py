import pytest
from django.urls import reverse

from cityloop.org.models import Post, PostAssignment, Responsibility

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "label"),
    [
        ("admin:org_department_changelist", "部门"),
        ("admin:org_department_add", "上级部门"),
        ("admin:org_postassignment_changelist", "岗位任职"),
        ("admin:org_postassignment_add", "负责区域"),
        ("admin:org_responsibility_changelist", "责任矩阵"),
        ("admin:org_responsibility_add", "责任部门"),
        ("admin:accounts_user_changelist", "用户"),
        ("admin:accounts_user_add", "用户"),
    ],
)
def test_org_admin__pages_render_in_chinese(
    admin_client, square_city, category, make_department, url_name, label
):
    make_department("环卫处")

    response = admin_client.get(reverse(url_name))

    assert response.status_code == 200
    assert label in response.content.decode()


def test_org_admin__change_pages_render(
    admin_client, square_city, category, make_department, django_user_model
):
    department = make_department("环卫处", region=square_city.district)
    make_department("第一环卫所", parent=department)
    user = django_user_model.objects.create_user(username="u1")
    assignment = PostAssignment.objects.create(user=user, post=Post.INSPECTOR, department=department)
    line = Responsibility.objects.create(
        category=category, region=square_city.district, department=department
    )

    pages = [
        reverse("admin:org_department_change", args=[department.pk]),
        reverse("admin:org_postassignment_change", args=[assignment.pk]),
        reverse("admin:org_responsibility_change", args=[line.pk]),
        reverse("admin:accounts_user_change", args=[user.pk]),
    ]

    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
    assert "第一环卫所" in admin_client.get(pages[0]).content.decode()  # child department inline
    assert "岗位任职" in admin_client.get(pages[3]).content.decode()  # assignment inline on the user


def responsibility_data(category, department, **place) -> dict[str, str]:
    data = {
        "category": str(category.pk),
        "department": str(department.pk),
        "region": "",
        "grid": "",
        "note": "",
    }
    data.update({key: str(value.pk) for key, value in place.items()})
    return data


def test_responsibility_admin__region_and_grid_both_set_is_a_form_error(
    admin_client, square_city, category, make_department
):
    department = make_department("环卫处")

    response = admin_client.post(
        reverse("admin:org_responsibility_add"),
        responsibility_data(category, department, region=square_city.district, grid=square_city.grids[0]),
    )

    assert response.status_code == 200
    assert "区域和网格只能填写其一" in response.content.decode()
    assert not Responsibility.objects.exists()


def test_responsibility_admin__duplicate_place_is_a_form_error(
    admin_client, square_city, category, make_department
):
    department = make_department("环卫处")
    Responsibility.objects.create(category=category, department=department)

    response = admin_client.post(
        reverse("admin:org_responsibility_add"), responsibility_data(category, department)
    )

    assert response.status_code == 200
    assert "该小类已有全域兜底的责任部门" in response.content.decode()
    assert Responsibility.objects.count() == 1


def test_responsibility_admin__saves_a_grid_line(admin_client, square_city, category, make_department):
    department = make_department("环卫处")

    response = admin_client.post(
        reverse("admin:org_responsibility_add"),
        responsibility_data(category, department, grid=square_city.grids[0]),
    )

    assert response.status_code == 302
    assert Responsibility.objects.get().grid == square_city.grids[0]


def test_responsibility_admin__changelist_shows_place(admin_client, square_city, category, make_department):
    Responsibility.objects.create(category=category, department=make_department("环卫处"))

    response = admin_client.get(reverse("admin:org_responsibility_changelist"))

    assert "全域（兜底）" in response.content.decode()
