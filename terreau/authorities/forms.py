from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.territories.forms import CommuneField

from .models import AnimationRequest, RepresentationRequest

LEVELS = [
    ("commune", _("la commune")),
    ("epci", _("son intercommunalité")),
    ("departement", _("son département")),
    ("region", _("sa région")),
]


class RepresentationForm(forms.ModelForm):
    commune = CommuneField(label=_("Commune"))
    level = forms.ChoiceField(label=_("Je représente"), choices=LEVELS, initial="commune")

    class Meta:
        model = RepresentationRequest
        fields = ["role", "email", "document", "note", "show_publicly"]
        help_texts = {
            "email": _(
                "Sur le domaine de la collectivité (mairie-…, …-agglo.fr) : vous y recevrez un code. "
                "Sinon, joignez un document."
            ),
            "document": _(
                "PDF de 2 Mo au plus : arrêté de délégation, courrier à en-tête… "
                "Supprimé dès la décision."
            ),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        commune, level = data.get("commune"), data.get("level")
        if commune is not None and level:
            territory = commune if level == "commune" else getattr(commune, level)
            if territory is None:
                self.add_error("level", _("Cette commune n'appartient à aucune intercommunalité."))
            data["territory"] = territory
        if not data.get("email") and not data.get("document") and not self.errors:
            raise forms.ValidationError(
                _("Donnez une adresse e-mail professionnelle ou joignez un document.")
            )
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "territory": data["territory"],
            "role": data["role"],
            "email": data["email"],
            "document": data.get("document"),
            "note": data["note"],
            "show_publicly": data["show_publicly"],
        }


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code reçu par e-mail"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Le code a six chiffres.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("accept", _("Accepter")), ("refuse", _("Refuser"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif, en cas de refus"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("La personne le lira."),
    )


class AnimationForm(forms.ModelForm):
    class Meta:
        model = AnimationRequest
        fields = ["motivation"]
        help_texts = {
            "motivation": _(
                "Les lieux et associations avec qui vous comptez le faire, le temps que vous y "
                "consacrez… L'équipe de la coopérative vous répond par e-mail."
            )
        }
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}
