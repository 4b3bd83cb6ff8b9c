from django import forms
from django.utils.translation import gettext_lazy as _


class ScreenLabelForm(forms.Form):
    label = forms.CharField(
        label=_("Nom de l'écran"),
        max_length=60,
        required=False,
        help_text=_("Pour le reconnaître dans la liste : « Tablette de l'accueil »…"),
    )


class PairingForm(forms.Form):
    code = forms.CharField(
        label=_("Code d'installation donné par l'hôte"),
        max_length=20,
        error_messages={"required": _("Tapez le code que l'hôte vous a donné.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
