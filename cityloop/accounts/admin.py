from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from cityloop.accounts.models import User
from cityloop.org.admin import PostAssignmentInline


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "phone", "is_active", "is_staff", "is_demo")
    search_fields = ("username", "full_name", "phone")
    list_filter = ("is_active", "is_staff", "is_demo")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("CityLoop"), {"fields": ("full_name", "phone", "is_demo")}),
    )
    inlines = [PostAssignmentInline]
