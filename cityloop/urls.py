"""Top-level URL map."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from cityloop.core.views import healthz

admin.site.site_header = "CityLoop 数字城管平台"
admin.site.site_title = "CityLoop 管理后台"
admin.site.index_title = "基础数据管理"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
