from django.contrib import admin

from .models import Application, AuthorityRepresentative, Call, Criterion, Support


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "announced_at", "laureate_count"]
    inlines = [CriterionInline]


@admin.register(AuthorityRepresentative)
class AuthorityRepresentativeAdmin(admin.ModelAdmin):
    """Staff verify, by their own means (a letter on letterhead, a call to
    the town hall), that an account speaks for a local authority."""

    list_display = ["person", "territory", "role", "verified_by", "verified_at"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["territory"]
    exclude = ["verified_by"]

    def save_model(self, request, obj, form, change):
        obj.verified_by = request.user
        super().save_model(request, obj, form, change)


class SupportInline(admin.TabularInline):
    model = Support
    extra = 0
    can_delete = False
    fields = ["kind", "person", "place", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["territory", "call", "status", "submitted_at"]
    list_filter = ["call", "status"]
    readonly_fields = ["call", "territory", "authors", "submitted_at"]
    inlines = [SupportInline]
