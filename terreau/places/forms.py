import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.core.forms import ThemeFilterField, ThemesField
from terreau.territories.forms import CommuneField

from . import mednum
from .models import OpeningHours, Place, PlaceReport

SLOTS = (1, 2)


class PlaceForm(forms.ModelForm):
    website = forms.URLField(
        label=gettext_lazy("Site web"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=gettext_lazy("Facultatif : https://…"),
    )
    commune = CommuneField(label=gettext_lazy("Commune"))
    themes = ThemesField()
    digital_services = forms.MultipleChoiceField(
        label=gettext_lazy("Médiation numérique proposée"),
        choices=mednum.SERVICE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "Facultatif : l'accompagnement au numérique que le lieu offre, dans les mots du standard "
            "national des lieux de médiation numérique."
        ),
    )

    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "description",
            "address",
            "postcode",
            "commune",
            "latitude",
            "longitude",
            "website",
            "themes",
            "siret",
            "rna",
            "digital_services",
            "authority_level",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "siret": gettext_lazy(
                "Facultatif : les 14 chiffres de l'établissement (annuaire-entreprises)."
            ),
            "rna": gettext_lazy(
                "Facultatif, pour une association sans SIRET : W suivi de neuf chiffres."
            ),
            "latitude": gettext_lazy("Facultatif, en degrés décimaux : 43.45916"),
            "longitude": gettext_lazy("Facultatif, en degrés décimaux : 3.41611"),
            "postcode": gettext_lazy("Facultatif si la commune n'a qu'un code postal."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["digital_services"] = self.instance.digital_services_list

    def clean_siret(self):
        return "".join(self.cleaned_data["siret"].split())

    def clean_rna(self):
        return self.cleaned_data["rna"].strip().upper()

    def clean_digital_services(self):
        chosen = set(self.cleaned_data["digital_services"])
        return mednum.SEPARATOR.join(s for s in mednum.SERVICES if s in chosen)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Indiquez le nom du lieu."), code="required")
        return name

    def clean(self):
        cleaned = super().clean()
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        if (
            (lat is None) != (lon is None)
            and not self.has_error("latitude")
            and not self.has_error("longitude")
        ):
            raise forms.ValidationError(
                _("Indiquez la latitude et la longitude ensemble, ou aucune des deux."),
                code="coordinates",
            )
        self._clean_postcode(cleaned)
        commune, level = cleaned.get("commune"), cleaned.get("authority_level")
        above = level in ("epci", "departement", "region")
        if commune is not None and above and getattr(commune, "%s_id" % level) is None:
            self.add_error(
                "authority_level", _("Cette commune n'appartient à aucune intercommunalité.")
            )
        return cleaned

    def _clean_postcode(self, cleaned):
        """The postcode must be one La Poste gives to the commune; it may be
        left empty only where the commune has a single one (filled in)."""
        commune = cleaned.get("commune")
        if commune is None or self.has_error("postcode"):
            return
        postcode = (cleaned.get("postcode") or "").replace(" ", "")
        codes = sorted(commune.postcodes.values_list("code", flat=True))
        if not codes:
            cleaned["postcode"] = postcode
        elif postcode and postcode not in codes:
            self.add_error(
                "postcode",
                _("%(code)s n'est pas un code postal de %(commune)s : %(codes)s.")
                % {"code": postcode, "commune": commune.name, "codes": ", ".join(codes)},
            )
        elif not postcode and len(codes) > 1:
            self.add_error(
                "postcode",
                _("Plusieurs codes postaux desservent %(commune)s : %(codes)s. Indiquez le bon.")
                % {"commune": commune.name, "codes": ", ".join(codes)},
            )
        else:
            cleaned["postcode"] = postcode or codes[0]


class OpeningHoursForm(forms.Form):
    """The week as a grid: seven days, two slots a day (morning and afternoon,
    say). An empty slot is closed."""

    def __init__(self, *args, place: Place | None = None, **kwargs):
        if place is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(place)
        super().__init__(*args, **kwargs)
        for day, day_name in OpeningHours.Weekday.choices:
            for slot in SLOTS:
                for edge, edge_name in (("opens", _("ouverture")), ("closes", _("fermeture"))):
                    self.fields[f"d{day}_{slot}_{edge}"] = forms.TimeField(
                        required=False,
                        label=_("%(day)s, créneau %(slot)s, %(edge)s")
                        % {"day": day_name, "slot": slot, "edge": edge_name},
                        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                        error_messages={"invalid": _("Heure invalide (format 09:30).")},
                    )

    @staticmethod
    def initial_from(place: Place) -> dict:
        initial = {}
        per_day: dict[int, list[OpeningHours]] = {}
        for hours in place.opening_hours.all():
            per_day.setdefault(hours.weekday, []).append(hours)
        for day, slots in per_day.items():
            for slot, hours in zip(SLOTS, slots, strict=False):
                initial[f"d{day}_{slot}_opens"] = hours.opens
                initial[f"d{day}_{slot}_closes"] = hours.closes
        return initial

    def rows(self):
        """For the template: one row per day with its four bound fields."""
        for day, day_name in OpeningHours.Weekday.choices:
            yield (
                day_name,
                [self[f"d{day}_{slot}_{edge}"] for slot in SLOTS for edge in ("opens", "closes")],
            )

    def clean(self):
        cleaned = super().clean()
        slots: list[tuple[int, datetime.time, datetime.time]] = []
        for day, day_name in OpeningHours.Weekday.choices:
            previous_close = None
            for slot in SLOTS:
                opens = cleaned.get(f"d{day}_{slot}_opens")
                closes = cleaned.get(f"d{day}_{slot}_closes")
                if opens is None and closes is None:
                    continue
                if opens is None or closes is None:
                    self.add_error(
                        f"d{day}_{slot}_opens",
                        _("%(day)s : indiquez l'heure d'ouverture et de fermeture.")
                        % {"day": day_name.capitalize()},
                    )
                    continue
                if opens >= closes:
                    self.add_error(
                        f"d{day}_{slot}_opens",
                        _("%(day)s : l'ouverture doit précéder la fermeture.")
                        % {"day": day_name.capitalize()},
                    )
                    continue
                if previous_close is not None and opens < previous_close:
                    self.add_error(
                        f"d{day}_{slot}_opens",
                        _("%(day)s : le second créneau doit commencer après la fin du premier.")
                        % {"day": day_name.capitalize()},
                    )
                    continue
                previous_close = closes
                slots.append((day, opens, closes))
        cleaned["slots"] = slots
        return cleaned


class InviteCohostForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adresse e-mail de la personne à inviter"))


class PlaceReportForm(forms.ModelForm):
    class Meta:
        model = PlaceReport
        fields = ["reason", "message"]
        widgets = {"reason": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio list has no use for the empty « --------- » choice.
        self.fields["reason"].choices = PlaceReport.Reason.choices


class PlaceFilterForm(forms.Form):
    """Filters of a place list, read from the query string."""

    type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("Tous les types")), *Place.Kind.choices],
    )
    theme = ThemeFilterField()
