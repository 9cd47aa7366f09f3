from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cityloop.core"
    verbose_name = "公共"
