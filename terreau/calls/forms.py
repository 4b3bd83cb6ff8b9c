from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Application


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["why", "who", "plan"]
        help_texts = {
            "why": _("Ce que le territoire vit, ce qu'il veut changer, pourquoi maintenant."),
            "who": _("Habitant·es, lieux, associations, élu·es déjà partants."),
            "plan": _("Les grandes étapes des 18 mois du marathon, et qui les anime."),
        }


class CoAuthorForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail du compte à ajouter"), max_length=254)


class TerritoryQueryForm(forms.Form):
    q = forms.CharField(
        label=_("Commune, intercommunalité ou département"),
        min_length=2,
        max_length=100,
        error_messages={"min_length": _("Tapez au moins deux caractères.")},
    )
