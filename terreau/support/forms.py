from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.places.models import Place
from terreau.territories.forms import REACH, CommuneField, reach_of
from terreau.territories.models import Territory

from .consent import CONSENT_TEXT, PUBLIC_FIELDS, REQUIRED_FIELDS
from .diagnostics import UNKNOWN
from .domains import DOMAIN_CHOICES, HELP_MODES
from .models import ExpertProfile, HelpRequest
from .photos import clean_photo

AREA_SLOTS = 3


class ExpertForm(forms.ModelForm):
    """The profile, the territories covered and the consent, on one page."""

    domains = forms.MultipleChoiceField(
        label=_("Domaines"), choices=DOMAIN_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    modes = forms.MultipleChoiceField(
        label=_("Comment vous aidez"), choices=HELP_MODES, widget=forms.CheckboxSelectMultiple
    )
    new_photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "Facultative. JPEG, PNG ou WebP, 5 Mo au plus ; elle est réduite et ses métadonnées "
            "(lieu, appareil, date) sont effacées."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Supprimer ma photo actuelle"), required=False)
    public_fields = forms.MultipleChoiceField(
        label=_("Ce que j'accepte de montrer sur mon profil public"),
        choices=[(key, label) for key, label, _required in PUBLIC_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        initial=[key for key, _label, _required in PUBLIC_FIELDS],
        help_text=_(
            "Le nom, la présentation, les domaines, les territoires et les liens d'intérêts sont "
            "nécessaires à un profil public ; la photo, la façon d'aider et le tarif sont à votre choix."
        ),
    )
    agree = forms.BooleanField(label=CONSENT_TEXT)

    class Meta:
        model = ExpertProfile
        fields = [
            "display_name",
            "presentation",
            "domains",
            "modes",
            "monthly_capacity",
            "is_paid",
            "price_note",
            "affiliations",
            "contact",
        ]
        widgets = {
            "presentation": forms.Textarea(attrs={"rows": 5, "maxlength": 1200}),
            "affiliations": forms.Textarea(attrs={"rows": 2, "maxlength": 600}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["display_name", "new_photo", "remove_photo", "presentation", "domains"])
        areas = (
            list(self.instance.areas.select_related("territory").order_by("pk"))
            if self.instance.pk
            else []
        )
        self.area_names = []
        for slot in range(1, AREA_SLOTS + 1):
            commune_name, reach_name = "area_%d" % slot, "reach_%d" % slot
            self.fields[commune_name] = CommuneField(
                label=_("Territoire %(n)s : une commune") % {"n": slot},
                required=slot == 1,
                help_text=_(
                    "Son nom ou son code postal ; puis choisissez jusqu'où vous intervenez."
                )
                if slot == 1
                else "",
            )
            self.fields[reach_name] = forms.ChoiceField(
                label=_("Territoire %(n)s : vous intervenez dans") % {"n": slot},
                choices=REACH,
                initial="commune",
            )
            self.area_names.append((commune_name, reach_name))
        for (commune_name, reach_name), area in zip(self.area_names, areas, strict=False):
            territory = area.territory
            self.initial[reach_name] = territory.kind
            self.initial[commune_name] = territory if territory.kind == "commune" else None
        if self.instance.pk:
            consent = self.instance.consents.first()
            if consent is not None and consent.withdrawn_at is None:
                self.initial["public_fields"] = consent.public_fields
        if not self.instance.photo:
            del self.fields["remove_photo"]

    def clean_new_photo(self):
        upload = self.cleaned_data.get("new_photo")
        return clean_photo(upload) if upload else None

    def clean_public_fields(self):
        chosen = self.cleaned_data["public_fields"]
        if any(key not in chosen for key in REQUIRED_FIELDS):
            raise forms.ValidationError(
                _(
                    "Le nom, la présentation, les domaines, les territoires et les liens d'intérêts "
                    "doivent être publics pour que le profil soit proposé."
                )
            )
        return chosen

    def clean(self):
        data = super().clean()
        areas = []
        for commune_name, reach_name in self.area_names:
            commune = data.get(commune_name)
            if commune is None:
                continue
            territory = reach_of(commune, data.get(reach_name, "commune"))
            if territory is None:
                self.add_error(
                    reach_name, _("Cette commune n'appartient à aucune intercommunalité.")
                )
            elif territory not in areas:
                areas.append(territory)
        data["areas"] = areas
        if data.get("is_paid") and not data.get("price_note", "").strip():
            self.add_error("price_note", _("Dites votre tarif, même approximatif."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "display_name": data["display_name"],
            "presentation": data["presentation"],
            "domains": data["domains"],
            "modes": data["modes"],
            "monthly_capacity": data["monthly_capacity"],
            "is_paid": data["is_paid"],
            "price_note": data["price_note"],
            "affiliations": data["affiliations"],
            "contact": data["contact"],
            "areas": data["areas"],
            "public_fields": data["public_fields"],
            "photo": data.get("new_photo"),
            "remove_photo": data.get("remove_photo", False),
        }


class ConflictForm(forms.Form):
    """A conflict of interest with a local authority or a place."""

    commune = CommuneField(label=_("Commune"), help_text=_("Celle de la collectivité ou du lieu."))
    target = forms.ChoiceField(
        label=_("Le lien est avec"),
        choices=[*REACH, ("place", _("un lieu de cette commune"))],
    )
    place_name = forms.CharField(
        label=_("Nom du lieu"),
        required=False,
        max_length=200,
        help_text=_("Seulement pour un lieu : son nom tel qu'il apparaît sur Terreau."),
    )
    note = forms.CharField(
        label=_("Nature du lien"),
        max_length=200,
        help_text=_("« J'y suis salarié·e », « je lui vends des chaudières »…"),
    )

    def clean(self):
        data = super().clean()
        commune, target = data.get("commune"), data.get("target")
        if commune is None or not target:
            return data
        data["place"] = data["authority"] = None
        if target == "place":
            name = data.get("place_name", "").strip()
            places = (
                list(Place.objects.published().filter(commune=commune, name__iexact=name)[:2])
                if name
                else []
            )
            if len(places) != 1:
                self.add_error(
                    "place_name",
                    _("Aucun lieu publié de ce nom dans cette commune.")
                    if not places
                    else _("Plusieurs lieux portent ce nom : précisez-le."),
                )
            else:
                data["place"] = places[0]
        else:
            data["authority"] = reach_of(commune, target)
            if data["authority"] is None:
                self.add_error("target", _("Cette commune n'appartient à aucune intercommunalité."))
        return data


class DirectoryForm(forms.Form):
    """Find the experts of a commune, in a domain."""

    commune = CommuneField(label=_("Votre commune"), required=False)
    domaine = forms.ChoiceField(
        label=_("Domaine"), choices=[("", _("tous")), *DOMAIN_CHOICES], required=False
    )


class HelpRequestForm(forms.Form):
    """A request for help: what, where, in whose name, and what contact the
    expert who accepts may have."""

    domain = forms.ChoiceField(label=_("Domaine"), choices=DOMAIN_CHOICES)
    on_behalf = forms.ChoiceField(
        label=_("Vous demandez pour"),
        choices=HelpRequest.OnBehalf.choices,
        initial=HelpRequest.OnBehalf.PERSON,
        widget=forms.RadioSelect,
    )
    commune = CommuneField(
        label=_("Votre commune"),
        required=False,
        help_text=_("Pour vous-même : là où vous souhaitez être aidé·e."),
    )
    place = forms.ModelChoiceField(
        label=_("Le lieu"), queryset=Place.objects.none(), required=False
    )
    authority = forms.ModelChoiceField(
        label=_("La collectivité"), queryset=Territory.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Ce que vous souhaitez"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        help_text=_(
            "Votre situation et votre question, en quelques phrases. Ne donnez pas ici de "
            "coordonnées : choisissez-les ci-dessous."
        ),
    )
    modes = forms.MultipleChoiceField(
        label=_("Comment aimeriez-vous être aidé·e ?"),
        choices=HELP_MODES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    share_name = forms.BooleanField(label=_("mon nom"), required=False, initial=True)
    share_email = forms.BooleanField(label=_("mon adresse e-mail"), required=False, initial=True)
    share_phone = forms.RegexField(
        label=_("un téléphone (facultatif)"),
        regex=r"^\+?[0-9 .()-]{6,25}$",
        required=False,
        max_length=30,
        error_messages={"invalid": _("Un numéro de téléphone : chiffres, espaces, + ou points.")},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(hosts__person=person).order_by("name")
        self.fields["authority"].queryset = Territory.objects.filter(
            representatives__person=person
        ).order_by("name")
        choices = [HelpRequest.OnBehalf.choices[0]]
        if not self.fields["place"].queryset.exists():
            del self.fields["place"]
        else:
            choices.append(HelpRequest.OnBehalf.choices[1])
        if not self.fields["authority"].queryset.exists():
            del self.fields["authority"]
        else:
            choices.append(HelpRequest.OnBehalf.choices[2])
        if len(choices) == 1:
            self.fields["on_behalf"].widget = forms.HiddenInput()
        self.fields["on_behalf"].choices = choices
        if person.home_commune_id:
            self.initial.setdefault("commune", person.home_commune)

    def clean(self):
        data = super().clean()
        on_behalf = data.get("on_behalf")
        if on_behalf == HelpRequest.OnBehalf.PERSON and data.get("commune") is None:
            self.add_error("commune", _("Indiquez votre commune."))
        if on_behalf == HelpRequest.OnBehalf.PLACE and not data.get("place"):
            self.add_error("on_behalf", _("Choisissez le lieu."))
        if on_behalf == HelpRequest.OnBehalf.AUTHORITY and not data.get("authority"):
            self.add_error("on_behalf", _("Choisissez la collectivité."))
        if not (data.get("share_name") or data.get("share_email") or data.get("share_phone")):
            self.add_error(
                None,
                _("Donnez au moins un moyen de vous joindre à l'expert qui acceptera."),
            )
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "domain": data["domain"],
            "on_behalf": data["on_behalf"],
            "commune": data.get("commune"),
            "place": data.get("place"),
            "authority": data.get("authority"),
            "description": data["description"],
            "modes": data["modes"],
            "share_name": data["share_name"],
            "share_email": data["share_email"],
            "share_phone": data["share_phone"],
        }


class MeetingForm(forms.Form):
    meeting = forms.CharField(
        label=_("Rendez-vous"),
        max_length=300,
        help_text=_("Le jour, l'heure et le lieu, ou « par téléphone mardi matin »."),
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Ce qui a été fait"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )


class FeedbackForm(forms.Form):
    helped = forms.ChoiceField(
        label=_("Cela vous a-t-il aidé·e ?"),
        choices=HelpRequest.Helped.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Un mot pour l'expert et la coopérative (facultatif)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        help_text=_("Jamais publié : ni note ni étoiles publiques."),
    )


class DiagnosticForm(forms.Form):
    """A questionnaire's questions, « je ne sais pas » always allowed: a
    number left empty, or the choice that says so."""

    def __init__(self, *args, questionnaire, person, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        if questionnaire.audience == "person":
            self.fields["commune"] = CommuneField(
                label=_("Votre commune"),
                help_text=_("Pour vous proposer des défis et des experts près de chez vous."),
            )
            if previous is not None:
                self.initial["commune"] = previous.territory
            elif person.home_commune_id:
                self.initial["commune"] = person.home_commune
        answers = previous.answers if previous is not None else {}
        for question in questionnaire.questions:
            if question.kind == "context":
                continue  # read from the subject (its population), not asked
            if question.kind == "number":
                field = forms.DecimalField(
                    label="%s (%s)" % (question.text, question.unit)
                    if question.unit
                    else question.text,
                    required=False,
                    min_value=question.min,
                    max_value=question.max,
                    decimal_places=2,
                    help_text=_(
                        "%(why)s Laissez vide si vous ne savez pas : on retient %(default)s."
                    )
                    % {"why": question.explanation, "default": question.default_reason},
                )
                field.widget.attrs["inputmode"] = "decimal"
            else:
                field = forms.ChoiceField(
                    label=question.text,
                    choices=[(c.key, c.label) for c in question.choices]
                    + [
                        (
                            UNKNOWN,
                            _("Je ne sais pas : on retient %(default)s")
                            % {"default": question.default_reason},
                        )
                    ],
                    widget=forms.RadioSelect,
                    help_text=question.explanation,
                    error_messages={
                        "required": _("Choisissez une réponse, ou « je ne sais pas ».")
                    },
                )
            self.fields["q_%s" % question.key] = field
            if question.key in answers and answers[question.key] != UNKNOWN:
                self.initial["q_%s" % question.key] = answers[question.key]
            elif question.kind == "choice" and question.key in answers:
                self.initial["q_%s" % question.key] = UNKNOWN

    def answers(self) -> dict:
        """Question key → a number as text, a choice key, or UNKNOWN."""
        data = self.cleaned_data
        answers = {}
        for question in self.questionnaire.questions:
            if question.kind == "context":
                continue
            value = data.get("q_%s" % question.key)
            if question.kind == "number":
                answers[question.key] = UNKNOWN if value is None else str(value)
            else:
                answers[question.key] = value or UNKNOWN
        return answers
