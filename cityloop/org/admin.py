from django.contrib import admin

from cityloop.org.models import Department, PostAssignment


class PostAssignmentInline(admin.TabularInline):
    model = PostAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("department",)
    filter_horizontal = ("regions", "scope_departments")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "parent", "region", "is_active")
    list_filter = ("level", "kind", "is_active")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent", "region")
