from django.contrib import admin

from .models import AuthorityRepresentative, Territory, TerritoryAnimator, TerritoryImport


class ReadOnlyAdmin(admin.ModelAdmin):
    """Official data: changed only by the import command, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Territory)
class TerritoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "code", "population", "is_current", "vintage"]
    list_filter = ["kind", "is_current"]
    search_fields = ["name", "code", "search_name"]
    list_select_related = []
    show_full_result_count = False


@admin.register(TerritoryImport)
class TerritoryImportAdmin(ReadOnlyAdmin):
    list_display = [
        "imported_at",
        "vintage",
        "source",
        "source_version",
        "created",
        "updated",
        "retired",
    ]


@admin.register(TerritoryAnimator)
class TerritoryAnimatorAdmin(admin.ModelAdmin):
    """Staff appoint a territory's animators (the co-authors of a laureate
    application are appointed when its marathon is created)."""

    list_display = ["person", "territory", "since"]
    search_fields = ["person__email", "person__display_name", "territory__name"]
    autocomplete_fields = ["person", "territory"]
    readonly_fields = ["since"]
    list_select_related = ["person", "territory"]


@admin.register(AuthorityRepresentative)
class AuthorityRepresentativeAdmin(admin.ModelAdmin):
    """Staff may also grant the role here, having verified by their own means
    (a letter on letterhead, a call to the town hall); the usual way is a
    request decided at /collectivites/demandes/ (terreau/authorities)."""

    list_display = ["person", "territory", "role", "show_publicly", "verified_by", "verified_at"]
    autocomplete_fields = ["person", "territory"]
    exclude = ["verified_by"]

    def save_model(self, request, obj, form, change):
        obj.verified_by = request.user
        super().save_model(request, obj, form, change)
