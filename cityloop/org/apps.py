from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "cityloop.org"
    verbose_name = "部门与岗位"
