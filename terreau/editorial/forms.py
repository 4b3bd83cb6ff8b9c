import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau.core.forms import ThemeFilterField
from terreau.core.models import Theme
from terreau.territories.forms import REACH, CommuneField, reach_of
from terreau.territories.models import Territory

from . import images
from .models import Story


class StoryForm(forms.ModelForm):
    """The territory is a commune and how far the story reaches from it (the
    commune, its intercommunality, département or région): no list of
    35,000 communes, and it works without JavaScript."""

    commune = CommuneField(label=_("Commune dont parle l'article"))
    reach = forms.ChoiceField(label=_("L'article concerne"), choices=REACH, initial="commune")

    class Meta:
        model = Story
        fields = [
            "title",
            "standfirst",
            "body",
            "credits",
            "theme",
            "figures_of_territory",
            "figures_of_marathon",
            "marathons",
        ]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18}),
            "marathons": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, allowed_territories=None, **kwargs):
        super().__init__(*args, **kwargs)
        # None: every territory (staff, an editor of all territories).
        self.allowed_territories = allowed_territories
        self.fields["theme"].queryset = Theme.objects.all()
        self.fields["theme"].empty_label = _("aucun")
        from terreau.challenges.models import Marathon

        marathons = Marathon.objects.select_related("territory").order_by("-starts_on")
        self.fields["marathons"].queryset = marathons
        self.fields["marathons"].required = False
        self.fields["figures_of_marathon"].queryset = marathons
        self.fields["figures_of_marathon"].empty_label = _("aucun")
        territory = self.instance.territory if self.instance.territory_id else None
        if territory is not None:
            commune = (
                territory
                if territory.kind == "commune"
                else territory.communes().order_by("-population").first()
            )
            self.initial.setdefault("commune", commune)
            self.initial.setdefault("reach", territory.kind)

    def clean(self):
        cleaned = super().clean()
        commune, reach = cleaned.get("commune"), cleaned.get("reach")
        if commune is None or reach is None:
            return cleaned
        territory = reach_of(commune, reach)
        if territory is None:
            self.add_error("reach", _("Cette commune n'appartient à aucune division de ce niveau."))
            return cleaned
        if self.allowed_territories is not None and not self._allowed(territory):
            self.add_error(
                "commune", _("Vous n'êtes éditeur ou éditrice d'aucun territoire qui la contienne.")
            )
            return cleaned
        self.instance.territory = territory
        return cleaned

    def _allowed(self, territory: Territory) -> bool:
        ids = {territory.pk, territory.epci_id, territory.departement_id, territory.region_id}
        return bool(ids & set(self.allowed_territories))


class PublishForm(forms.Form):
    """Now, or at a date and time to come (the story appears by itself)."""

    publish_at = forms.DateTimeField(
        label=_("Publier le (facultatif)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("Laissez vide pour publier tout de suite."),
    )

    def clean_publish_at(self):
        at = self.cleaned_data["publish_at"]
        if at is not None and at < timezone.now() - datetime.timedelta(minutes=5):
            raise forms.ValidationError(
                _("Cette date est passée : laissez vide pour publier maintenant.")
            )
        return at


class CorrectionForm(forms.Form):
    correction = forms.CharField(
        label=_("La correction, telle que les lecteurs la liront"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Image (JPEG, PNG ou WebP, 8 Mo au plus)"))
    alt = forms.CharField(
        label=_("Texte alternatif : ce que montre l'image"),
        max_length=250,
        error_messages={"required": _("Décrivez l'image pour qui ne la voit pas.")},
    )
    caption = forms.CharField(label=_("Légende et crédit"), max_length=250, required=False)

    def clean_image(self):
        return images.decode(self.cleaned_data["image"])


class FilterForm(forms.Form):
    """Only the territories that have a published story are offered."""

    territoire = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("Tous les territoires"),
    )
    theme = ThemeFilterField()

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = territories


class LinksForm(forms.ModelForm):
    """What the story is about, among what its territory holds: the story is
    then listed on each of their pages."""

    class Meta:
        model = Story
        fields = ["places", "events", "challenges", "calls", "causes"]
        widgets = dict.fromkeys(fields, forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from terreau.calls.models import Call
        from terreau.causes.models import Cause
        from terreau.challenges.models import Challenge
        from terreau.events.models import Event
        from terreau.places.models import Place

        territory = self.instance.territory
        places = Place.objects.published().in_territory(territory)
        self.fields["places"].queryset = _first(places.order_by("name"))
        self.fields["events"].queryset = _first(
            Event.objects.visible().filter(place__in=places.values("pk")).order_by("-starts_at")
        ).select_related("place")
        self.fields["challenges"].queryset = Challenge.objects.filter(is_published=True).order_by(
            "title"
        )
        self.fields["calls"].queryset = _first(Call.objects.order_by("-opens_at"))
        self.fields["causes"].queryset = _first(
            Cause.objects.filter(status="published").order_by("title")
        )
        for field in self.fields.values():
            field.required = False


# The longest list of each kind offered on the form.
LINKABLE = 40


def _first(queryset):
    """The first LINKABLE rows as a queryset that can still be filtered (a
    form field validates the choices by filtering its queryset)."""
    ids = list(queryset.values_list("pk", flat=True)[:LINKABLE])
    return queryset.model.objects.filter(pk__in=ids).order_by(*queryset.query.order_by)
