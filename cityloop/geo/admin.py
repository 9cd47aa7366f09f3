from django.contrib import admin

from cityloop.geo.models import Grid, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "community", "area_class", "is_active")
    list_filter = ("area_class", "is_active")
    search_fields = ("code", "name")
    autocomplete_fields = ("community",)
