from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.territories.forms import CommuneField

from .models import Cause


class CauseForm(forms.ModelForm):
    commune = CommuneField(label=_("Commune où la cause se joue"))

    class Meta:
        model = Cause
        fields = ["title", "stake", "association", "rna"]
        help_texts = {
            "title": _("En quelques mots : ce qui ne tient plus."),
            "stake": _("Ce qui se passe ici, qui est touché, ce qu'un soutien changerait."),
            "rna": _("Facultatif : W suivi de neuf chiffres, si l'association est déclarée."),
        }

    def clean_rna(self):
        return self.cleaned_data["rna"].strip().upper()
