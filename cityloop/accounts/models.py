from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person or system that signs in: bureau staff, department handlers, leaders, integrations.

    What a user may do comes from their posts and scopes (``org.PostAssignment``), not from Django
    groups; ``is_staff`` only opens the Django admin for data staff.
    """

    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    is_demo = models.BooleanField(
        _("演示账号"), default=False, help_text=_("由演示数据生成；生产环境不得存在。")
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return f"{self.full_name or self.username}"
