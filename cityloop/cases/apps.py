from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cityloop.cases"
    verbose_name = "案件"
