from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Challenge, Marathon, Stage, Team


class StageForm(forms.ModelForm):
    challenges = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Défis de l'étape"),
        queryset=Challenge.objects.filter(is_published=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choisissez au moins un défi.")},
    )

    class Meta:
        model = Stage
        fields = ["title", "starts_on", "ends_on", "goal", "challenges"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, marathon, **kwargs):
        super().__init__(*args, **kwargs)
        self.marathon = marathon

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends:
            if ends < starts:
                self.add_error("ends_on", _("La fin doit venir après le début."))
            elif starts < self.marathon.starts_on or ends > self.marathon.ends_on:
                raise forms.ValidationError(
                    _("Une étape se tient entre le %(start)s et le %(end)s, les dates du marathon.")
                    % {
                        "start": self.marathon.starts_on.strftime("%d/%m/%Y"),
                        "end": self.marathon.ends_on.strftime("%d/%m/%Y"),
                    },
                    code="outside",
                )
        return cleaned


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "kind"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Donnez un nom à l'équipe."), code="required")
        return name


class JoinForm(forms.Form):
    show_name = forms.BooleanField(
        label=gettext_lazy("Apparaître sous mon nom affiché dans les équipes"), required=False
    )


class ProgrammeForm(forms.Form):
    """Where an empty marathon's stages come from."""

    source = forms.ChoiceField(label=gettext_lazy("Partir de"), widget=forms.RadioSelect)

    def __init__(self, *args, marathon, **kwargs):
        super().__init__(*args, **kwargs)
        others = Marathon.objects.exclude(pk=marathon.pk).filter(stages__isnull=False).distinct()
        self.marathons = {str(m.pk): m for m in others.order_by("-starts_on")[:30]}
        self.fields["source"].choices = [
            ("default", gettext_lazy("le programme type de 18 mois (six étapes de trois mois)")),
            *[
                (pk, gettext_lazy("les étapes de « %(title)s »") % {"title": m.title})
                for pk, m in self.marathons.items()
            ],
        ]
        self.fields["source"].initial = "default"

    def chosen(self):
        source = self.cleaned_data["source"]
        return None if source == "default" else self.marathons[source]
