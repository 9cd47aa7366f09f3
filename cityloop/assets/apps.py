from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "cityloop.assets"
    verbose_name = "部件"
