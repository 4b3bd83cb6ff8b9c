from django import forms
from django.contrib import admin

from terreau.core import versions
from terreau.territories import freshness

from . import factors, progress
from .models import Challenge, Completion, Marathon, Participant, Stage, Team


class ChallengeAdminForm(forms.ModelForm):
    factor_key = forms.ChoiceField(label="Facteur d'impact", choices=factors.choices)

    class Meta:
        model = Challenge
        fields = [
            "slug",
            "title",
            "why",
            "how",
            "theme",
            "taken_by",
            "validation",
            "place_kinds",
            "quantity",
            "quantity_note",
            "factor_key",
            "factor_version",
            "exclusive_group",
            "max_per_stage",
            "is_published",
            "position",
        ]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    form = ChallengeAdminForm
    list_display = [
        "title",
        "theme",
        "validation",
        "quantity",
        "factor_key",
        "factor_version",
        "is_published",
    ]
    list_filter = ["theme", "validation", "taken_by", "is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


class StageInline(admin.StackedInline):
    model = Stage
    extra = 0
    filter_horizontal = ["challenges"]


@admin.register(Marathon)
class MarathonAdmin(admin.ModelAdmin):
    list_display = ["title", "territory", "starts_on", "ends_on"]
    autocomplete_fields = ["territory"]
    inlines = [StageInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        versions.bump(freshness.MARATHONS)  # the territory pages' lists
        progress.marathon_changed(form.instance.pk)  # its stages

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        versions.bump(freshness.MARATHONS)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        versions.bump(freshness.MARATHONS)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "marathon", "kind", "created_at"]
    list_filter = ["marathon", "kind"]
    exclude = ["invite_token"]
    raw_id_fields = ["created_by"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["person", "marathon", "joined_at"]
    raw_id_fields = ["person"]


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ["challenge", "person", "place", "stage", "created_at"]
    list_filter = ["stage__marathon"]
    raw_id_fields = ["person", "place", "checkin", "team"]
