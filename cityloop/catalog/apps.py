from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "cityloop.catalog"
    verbose_name = "分类与立结案标准"
