from django.contrib import admin

from .models import LegalPage, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    """Staff complete and keep the three pages; they cannot add or remove one."""

    list_display = ["title", "updated_at"]
    fields = ["title", "body", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
