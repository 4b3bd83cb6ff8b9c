"""The back-office of the accompaniment: the knowledge sheets staff rewrite,
and read-only lists of experts and requests (moderation has its own page,
/experts/moderation/, scoped and in French)."""

from django import forms
from django.contrib import admin

from . import diagnostics
from .models import ExpertProfile, HelpRequest, KnowledgeSheet


def lever_choices():
    return [
        (lever.key, "%s — %s" % (questionnaire.title, lever.title))
        for questionnaire in diagnostics.available()
        for lever in questionnaire.levers
    ]


class KnowledgeSheetForm(forms.ModelForm):
    lever = forms.ChoiceField(label="Levier", choices=lever_choices)

    class Meta:
        model = KnowledgeSheet
        fields = ["lever", "understand", "act"]


@admin.register(KnowledgeSheet)
class KnowledgeSheetAdmin(admin.ModelAdmin):
    form = KnowledgeSheetForm
    list_display = ["lever", "updated_at"]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "status", "paused", "monthly_capacity", "is_demo"]
    list_filter = ["status", "paused", "is_demo"]
    search_fields = ["display_name", "person__email"]
    fields = [
        "person",
        "display_name",
        "presentation",
        "affiliations",
        "status",
        "paused",
        "monthly_capacity",
        "published_at",
        "moderated_by",
    ]

    # A profile is its person's, shown with their consent: staff read it
    # here and moderate it at /experts/moderation/, never rewrite it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "domain", "territory", "status", "created_at"]
    list_filter = ["status", "domain"]
    readonly_fields = [field.name for field in HelpRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
