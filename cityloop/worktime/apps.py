from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "cityloop.worktime"
    verbose_name = "工作日历"
