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

    def clean(self, value):
        # SQLite refuses an integer past 64 bits with an OverflowError, which
        # Django does not turn into a form error: refuse it here.
        for pk in value or []:
            try:
                too_large = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                continue  # Django's own check names it
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class ThemeFilterField(forms.ModelChoiceField):
    """One theme picked by its slug in a query string (`?theme=…`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Thème"))
        kwargs.setdefault("empty_label", gettext_lazy("Tous les thèmes"))
        super().__init__(
            queryset=Theme.objects.all(), required=False, to_field_name="slug", **kwargs
        )
