import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Territory
from .querysets import POSTCODE
from .text import search_key

NAME_WITH_DEPARTEMENT = re.compile(r"^(?P<name>.+?)\s*\((?P<dep>\d{2,3}|2[ABab])\)$")


class CommuneField(forms.CharField):
    """A commune typed by name, « name (département) », postcode or INSEE code.

    Works without JavaScript and without sending 35,000 options: the server
    resolves the text and, when it is ambiguous, says how to be precise.
    """

    default_error_messages = {
        "unknown": gettext_lazy(
            "Aucune commune ne correspond à « %(value)s ». "
            "Essayez son nom exact ou son code postal."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 160)
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Son nom, ou son code postal : « Pézenas », « Mazamet (81) », « 34120 »."),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            value = Territory.objects.filter(pk=value).first()
        return str(value) if isinstance(value, Territory) else value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        communes = Territory.objects.current().communes().select_related("departement")
        match = NAME_WITH_DEPARTEMENT.match(text)
        if POSTCODE.match(text):
            # 81200 is Palleville's INSEE code and Mazamet's postcode: both count.
            found = list(
                communes.filter(Q(code=text) | Q(postcodes__code=text)).distinct().order_by("name")
            )
        elif match:
            key = search_key(match["name"])
            found = list(communes.filter(search_name=key, departement__code=match["dep"].upper()))
        else:
            found = list(communes.filter(search_name=search_key(text)))
        if not found:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        if len(found) > 1:
            choices = ", ".join("« %s »" % c for c in found[:8])
            raise forms.ValidationError(
                _("Plusieurs communes correspondent : %(choices)s. Recopiez celle qui convient.")
                % {"choices": choices},
                code="ambiguous",
            )
        return found[0]


class TerritorySearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Commune, intercommunalité, département ou code postal"),
        max_length=100,
        min_length=2,
        error_messages={"min_length": gettext_lazy("Tapez au moins deux caractères.")},
    )


# A commune and how far from it: the commune, its EPCI, its département or
# its région (the Boussole's project, an expert's area, a conflict).
REACH = [
    ("commune", gettext_lazy("cette commune")),
    ("epci", gettext_lazy("son intercommunalité")),
    ("departement", gettext_lazy("son département")),
    ("region", gettext_lazy("sa région")),
]


def reach_of(commune, reach):
    """The commune itself or the division it lies in; None when it has
    none (a commune outside any EPCI)."""
    return commune if reach == "commune" else getattr(commune, reach)
