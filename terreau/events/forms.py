import datetime
import zoneinfo

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.core.forms import ThemeFilterField, ThemesField

from .models import Event

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the place's time zone (an HTML
    datetime-local input), whatever the server's or browser's zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
    default_error_messages = {
        "invalid": gettext_lazy("Date et heure invalides (format 2026-05-23T14:30).")
    }

    def __init__(self, *, time_zone: zoneinfo.ZoneInfo, **kwargs):
        self.time_zone = time_zone
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return value.astimezone(self.time_zone).strftime(LOCAL_INPUT)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        return value.replace(tzinfo=None).replace(tzinfo=self.time_zone)


class EventForm(forms.ModelForm):
    themes = ThemesField()

    class Meta:
        model = Event
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "registration_required",
            "capacity",
            "themes",
            "accessibility",
            "is_free",
            "price",
            "price_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, place, now: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.now = now
        time_zone = zoneinfo.ZoneInfo(place.commune.time_zone)
        hint = _("Heure locale du lieu (%(tz)s).") % {"tz": place.commune.time_zone}
        self.fields["starts_at"] = LocalDateTimeField(
            label=_("Début"), time_zone=time_zone, help_text=hint
        )
        self.fields["ends_at"] = LocalDateTimeField(
            label=_("Fin"), time_zone=time_zone, help_text=hint
        )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Indiquez un titre."), code="required")
        return title

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin doit venir après le début."))

        if starts and self.instance.pk is None and starts < self.now:
            self.add_error("starts_at", _("Le début est déjà passé."))
        if cleaned.get("is_free") and cleaned.get("price") is not None:
            self.add_error(
                "price",
                _(
                    "Un événement gratuit n'a pas de tarif : décochez « gratuit » ou videz le tarif."
                ),
            )
        if (
            not cleaned.get("is_free")
            and cleaned.get("price") is None
            and not self.has_error("price")
        ):
            self.add_error("price", _("Indiquez le tarif, ou cochez « gratuit »."))
        capacity = cleaned.get("capacity")
        if capacity is not None and self.instance.pk and capacity < self.instance.seats_taken:
            self.add_error(
                "capacity",
                _(
                    "%(count)s personnes sont déjà inscrites : la jauge ne peut pas descendre en dessous."
                )
                % {"count": self.instance.seats_taken},
            )
        if capacity == 0:
            self.add_error(
                "capacity",
                _("Une jauge de 0 place ne permet aucune inscription : laissez vide si illimité."),
            )
        return cleaned


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif, envoyé aux personnes inscrites"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# An agenda's dates become instants in a time zone, one day later for "au":
# the calendar's edges (year 1, 9999-12-31) would overflow.
AGENDA_DATE_BOUNDS = [
    MinValueValidator(
        datetime.date(1900, 1, 1), message=gettext_lazy("Choisissez une date après 1900.")
    ),
    MaxValueValidator(
        datetime.date(2999, 12, 31), message=gettext_lazy("Choisissez une date avant l'an 3000.")
    ),
]


class AgendaFilterForm(forms.Form):
    """Filters of an agenda, read from the query string."""

    du = forms.DateField(
        label=gettext_lazy("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=AGENDA_DATE_BOUNDS,
    )
    au = forms.DateField(
        label=gettext_lazy("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=AGENDA_DATE_BOUNDS,
    )
    theme = ThemeFilterField()
    passes = forms.BooleanField(label=gettext_lazy("Événements passés"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("du") and cleaned.get("au") and cleaned["au"] < cleaned["du"]:
            raise forms.ValidationError(_("La date de fin précède la date de début."), code="range")
        return cleaned
