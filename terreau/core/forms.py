from django import forms
from django.utils.translation import gettext_lazy

from .models import Theme


class ThemesField(forms.ModelMultipleChoiceField):
    """The six themes as checkboxes, at least one required."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Thèmes"))
        kwargs.setdefault(
            "error_messages", {"required": gettext_lazy("Choisissez au moins un thème.")}
        )
        super().__init__(queryset=Theme.objects.all(), **kwargs)


class ThemeFilterField(forms.ModelChoiceField):
    """One theme picked by its slug in a query string (`?theme=…`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Thème"))
        kwargs.setdefault("empty_label", gettext_lazy("Tous les thèmes"))
        super().__init__(
            queryset=Theme.objects.all(), required=False, to_field_name="slug", **kwargs
        )
