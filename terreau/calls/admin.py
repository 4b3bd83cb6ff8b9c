from django.contrib import admin
from django.db.models import Q

from .models import (
    Application,
    Call,
    Conflict,
    Criterion,
    Juror,
    Laureate,
    Review,
    Score,
    Support,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "announced_at", "laureate_count"]
    inlines = [CriterionInline]


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


@admin.register(Juror)
class JurorAdmin(admin.ModelAdmin):
    """Staff appoint the jury of a call. Jurors find their applications on
    /jury/appels/<call>/ and the call's page links to it."""

    list_display = ["person", "call", "appointed_by", "appointed_at"]
    list_filter = ["call"]
    autocomplete_fields = ["person"]
    exclude = ["appointed_by", "appointed_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.appointed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["juror", "application", "declared_at"]
    list_filter = ["juror__call"]
    readonly_fields = ["juror", "application", "reason", "declared_at"]

    def has_add_permission(self, request):
        return False


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    fields = ["criterion", "value", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Read-only: a submitted review does not change. Staff may delete one
    (a conflict of interest found late), which lets the application be
    scored again by others."""

    list_display = ["juror", "application", "submitted_at"]
    list_filter = ["juror__call"]
    readonly_fields = ["juror", "application", "submitted_at"]
    inlines = [ScoreInline]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        """A staff juror sees no other juror's review of an application before
        submitting their own (the rule of `jury.visible_reviews`)."""
        reviews = super().get_queryset(request)
        calls_judged = Juror.objects.filter(person=request.user).values("call")
        own = Review.objects.filter(juror__person=request.user).values("application")
        return reviews.exclude(Q(juror__call__in=calls_judged) & ~Q(application__in=own))


@admin.register(Laureate)
class LaureateAdmin(admin.ModelAdmin):
    """Laureates are confirmed from the ranking page, not typed in here."""

    list_display = ["rank", "application", "score", "marathon", "confirmed_at"]
    list_filter = ["call"]
    readonly_fields = [
        "call",
        "application",
        "rank",
        "score",
        "confirmed_by",
        "confirmed_at",
        "marathon",
    ]

    def has_add_permission(self, request):
        return False
