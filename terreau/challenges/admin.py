from django import forms
from django.contrib import admin

from . import factors
from .models import Challenge


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
