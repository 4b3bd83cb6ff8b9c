import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau.core.forms import ThemeFilterField
from terreau.core.models import Theme
from terreau.territories.forms import REACH, CommuneField, reach_of
from terreau.territories.models import Territory

from . import audio, consent, images, video
from .models import Episode, PortraitConsent, Story, Video


class TerritoryMixin:
    """The territory is a commune and how far the work reaches from it (the
    commune, its intercommunality, département or région): no list of
    35,000 communes, and it works without JavaScript. Sets
    `instance.territory`; refuses a territory the editor does not cover."""

    def _set_up_territory(self, allowed_territories):
        # None: every territory (staff, an editor of all territories).
        self.allowed_territories = allowed_territories
        territory = self.instance.territory if self.instance.territory_id else None
        if territory is not None:
            commune = (
                territory
                if territory.kind == "commune"
                else territory.communes().order_by("-population").first()
            )
            self.initial.setdefault("commune", commune)
            self.initial.setdefault("reach", territory.kind)

    def _clean_territory(self, cleaned):
        commune, reach = cleaned.get("commune"), cleaned.get("reach")
        if commune is None or reach is None:
            return
        territory = reach_of(commune, reach)
        if territory is None:
            self.add_error("reach", _("Cette commune n'appartient à aucune division de ce niveau."))
            return
        if self.allowed_territories is not None:
            ids = {territory.pk, territory.epci_id, territory.departement_id, territory.region_id}
            if not ids & set(self.allowed_territories):
                self.add_error(
                    "commune",
                    _("Vous n'êtes éditeur ou éditrice d'aucun territoire qui la contienne."),
                )
                return
        self.instance.territory = territory


class StoryForm(TerritoryMixin, forms.ModelForm):
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
            "is_portrait",
        ]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18}),
            "marathons": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, allowed_territories=None, **kwargs):
        super().__init__(*args, **kwargs)
        from terreau.challenges.models import Marathon

        self.fields["theme"].queryset = Theme.objects.all()
        self.fields["theme"].empty_label = _("aucun")
        marathons = Marathon.objects.select_related("territory").order_by("-starts_on")
        self.fields["marathons"].queryset = marathons
        self.fields["marathons"].required = False
        self.fields["figures_of_marathon"].queryset = marathons
        self.fields["figures_of_marathon"].empty_label = _("aucun")
        self._set_up_territory(allowed_territories)

    def clean(self):
        cleaned = super().clean()
        self._clean_territory(cleaned)
        return cleaned


CHAPTER = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})\s+(.+)$")


class EpisodeForm(TerritoryMixin, forms.ModelForm):
    commune = CommuneField(label=_("Commune dont parle l'épisode"))
    reach = forms.ChoiceField(label=_("L'épisode concerne"), choices=REACH, initial="commune")
    audio_file = forms.FileField(
        label=_("Enregistrement (Opus ou MP3, 200 Mo au plus)"),
        required=False,
        help_text=_("Sa durée et sa taille sont lues dans le fichier."),
    )
    chapters_text = forms.CharField(
        label=_("Chapitres (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Un chapitre par ligne : son début et son titre, par exemple « 2:30 Le repair café »."
        ),
    )

    class Meta:
        model = Episode
        fields = ["title", "summary", "transcript", "credits"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "transcript": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "transcript": _("Obligatoire : tout ce qui est dit, pour qui ne peut pas l'écouter."),
        }

    def __init__(self, *args, allowed_territories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_territory(allowed_territories)
        if self.instance.pk:
            self.initial.setdefault(
                "chapters_text",
                "\n".join(
                    "%d:%02d %s" % (c["start"] // 60, c["start"] % 60, c["title"])
                    for c in self.instance.chapters
                ),
            )
        else:
            self.fields["audio_file"].required = True

    def clean_audio_file(self):
        upload = self.cleaned_data["audio_file"]
        return audio.read(upload) if upload else None

    def clean_chapters_text(self):
        chapters = []
        for number, line in enumerate(self.cleaned_data["chapters_text"].splitlines(), start=1):
            if not line.strip():
                continue
            match = CHAPTER.match(line.strip())
            if match is None:
                raise forms.ValidationError(
                    _(
                        "Ligne %(n)d : écrivez le début puis le titre, par exemple « 2:30 Le repair café »."
                    ),
                    params={"n": number},
                )
            hours, minutes, seconds, title = match.groups()
            start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            if chapters and start <= chapters[-1]["start"]:
                raise forms.ValidationError(
                    _("Ligne %(n)d : les chapitres vont dans l'ordre du temps."),
                    params={"n": number},
                )
            chapters.append({"start": start, "title": title[:150]})
        return chapters

    def clean(self):
        cleaned = super().clean()
        self._clean_territory(cleaned)
        found = cleaned.get("audio_file")
        duration = found.duration if found else self.instance.duration
        chapters = cleaned.get("chapters_text") or []
        if duration and chapters and chapters[-1]["start"] >= duration:
            self.add_error(
                "chapters_text", _("Un chapitre commence après la fin de l'enregistrement.")
            )
        return cleaned


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


class ConsentForm(forms.ModelForm):
    """Recorded by an editor: what the person agreed to, when and how."""

    shown = forms.MultipleChoiceField(
        label=_("Ce que la personne accepte de montrer"),
        choices=consent.SHOWN,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins ce que la personne accepte de montrer.")},
    )
    agreed = forms.BooleanField(
        label=_("La personne a lu ce texte et l'a accepté, dans cette version."),
        error_messages={
            "required": _("Sans l'accord de la personne sur ce texte, pas de portrait.")
        },
    )
    account = forms.EmailField(
        label=_("Adresse de son compte Terreau (facultatif)"),
        required=False,
        help_text=_("Si elle en a un : elle pourra retirer son consentement elle-même."),
    )

    class Meta:
        model = PortraitConsent
        fields = ["name", "how", "given_on"]
        widgets = {"given_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("Un consentement ne se date pas dans le futur."))
        return given_on

    def clean_account(self):
        from django.contrib.auth import get_user_model

        email = self.cleaned_data["account"]
        if not email:
            return None
        person = get_user_model().objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("Aucun compte Terreau n'a cette adresse."))
        return person


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
    """Only the territories that have something published are offered."""

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


class DeskFilterForm(forms.Form):
    """The desk narrowed to one territory and one state; only the
    territories where the editor has something are offered."""

    territoire = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("Tous mes territoires"),
    )
    etat = forms.ChoiceField(
        label=_("État"),
        choices=[("", _("Tous les états")), *Story.State.choices],
        required=False,
    )

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


PEERTUBE_URL = re.compile(
    r"^(https://[a-z0-9.-]+(?::\d+)?)/(?:w|videos/watch|videos/embed)/([A-Za-z0-9-]{6,60})/?$"
)


class VideoForm(TerritoryMixin, forms.ModelForm):
    """A file served by Terreau (with its WebVTT captions) or a PeerTube
    video (its address); a poster and its description either way."""

    commune = CommuneField(label=_("Commune dont parle la vidéo"))
    reach = forms.ChoiceField(label=_("La vidéo concerne"), choices=REACH, initial="commune")
    video_file = forms.FileField(
        label=_("Fichier vidéo (MP4 ou WebM, 500 Mo au plus)"),
        required=False,
        help_text=_("Pour une vidéo servie par Terreau."),
    )
    captions_file = forms.FileField(
        label=_("Sous-titres (WebVTT, .vtt)"),
        required=False,
        help_text=_("Obligatoires pour publier une vidéo servie par Terreau."),
    )
    peertube_url = forms.CharField(
        label=_("Adresse de la vidéo sur PeerTube"),
        required=False,
        max_length=300,
        help_text=_(
            "Par exemple https://peertube.exemple.fr/w/9c9de5e8… ; rien n'est chargé de là avant que le lecteur le demande."
        ),
    )
    poster_file = forms.FileField(label=_("Image d'attente (JPEG, PNG ou WebP)"), required=False)

    class Meta:
        model = Video
        fields = ["title", "summary", "transcript", "credits", "source", "poster_alt"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "transcript": forms.Textarea(attrs={"rows": 10}),
            "source": forms.RadioSelect,
        }

    def __init__(self, *args, allowed_territories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_territory(allowed_territories)
        if self.instance.pk and self.instance.source == Video.Source.PEERTUBE:
            self.initial.setdefault(
                "peertube_url",
                "%s/w/%s" % (self.instance.peertube_origin, self.instance.peertube_id),
            )

    def clean_video_file(self):
        upload = self.cleaned_data["video_file"]
        return video.read_video(upload) if upload else None

    def clean_captions_file(self):
        upload = self.cleaned_data["captions_file"]
        return video.read_captions(upload) if upload else None

    def clean_poster_file(self):
        upload = self.cleaned_data["poster_file"]
        return video.decode_poster(upload) if upload else None

    def clean_peertube_url(self):
        address = self.cleaned_data["peertube_url"].strip()
        if not address:
            return None
        match = PEERTUBE_URL.match(address)
        if match is None:
            raise forms.ValidationError(
                _(
                    "Collez l'adresse https d'une vidéo PeerTube, par exemple https://instance.fr/w/identifiant."
                )
            )
        return match.groups()

    def clean(self):
        cleaned = super().clean()
        self._clean_territory(cleaned)
        source = cleaned.get("source")
        if source == Video.Source.FILE and not (cleaned.get("video_file") or self.instance.file):
            self.add_error("video_file", _("Joignez le fichier vidéo."))
        if source == Video.Source.PEERTUBE and not cleaned.get("peertube_url"):
            self.add_error("peertube_url", _("Collez l'adresse de la vidéo sur PeerTube."))
        if not (cleaned.get("poster_file") or self.instance.poster):
            self.add_error(
                "poster_file", _("Joignez une image d'attente : elle s'affiche avant la lecture.")
            )
        return cleaned
