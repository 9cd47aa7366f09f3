from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cityloop.accounts"
    verbose_name = "账号"
