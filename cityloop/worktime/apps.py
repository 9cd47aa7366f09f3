from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "cityloop.worktime"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from cityloop.worktime import checks  # noqa: F401  (registers the system check)
