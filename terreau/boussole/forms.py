from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.territories.forms import REACH, CommuneField, reach_of
from terreau.territories.models import AuthorityRepresentative, Territory

from . import verdict as rule
from .models import Answer, Assessment


class ProjectForm(forms.ModelForm):
    """What the project is, who carries it, where and for whom."""

    commune = CommuneField(label=_("Commune où le projet est ancré"))
    reach = forms.ChoiceField(
        label=_("Le territoire du projet est"), choices=REACH, initial="commune"
    )
    url = forms.URLField(
        label=_("Adresse publique"),
        required=False,
        assume_scheme="https",
        help_text=_("Facultatif : l'adresse où l'on peut le voir."),
    )

    class Meta:
        model = Assessment
        fields = ["name", "organisation", "authority", "kind", "url", "users"]
        help_texts = {
            "organisation": _("Une association, une entreprise, un service d'une collectivité…"),
            "authority": _("Seulement si vous êtes représentant·e vérifié·e de la collectivité."),
            "users": _("Les personnes qui s'en servent, et combien à peu près."),
        }
        widgets = {"users": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        authorities = Territory.objects.filter(
            pk__in=AuthorityRepresentative.objects.filter(person=person).values("territory")
        )
        if authorities.exists():
            self.fields["authority"].queryset = authorities
            self.fields["authority"].empty_label = _("aucune : un autre porteur")
        else:
            del self.fields["authority"]
        territory = self.instance.territory if self.instance.territory_id else None
        if territory is not None:
            commune = territory if territory.kind == "commune" else None
            self.initial.setdefault("commune", commune)
            self.initial.setdefault("reach", territory.kind if commune is None else "commune")

    def clean(self):
        data = super().clean()
        commune, reach = data.get("commune"), data.get("reach")
        if commune is not None and reach:
            territory = reach_of(commune, reach)
            if territory is None:
                self.add_error("reach", _("Cette commune n'appartient à aucune intercommunalité."))
            data["territory"] = territory
        return data

    def project(self) -> dict:
        """The service's named values."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "organisation": data["organisation"],
            "kind": data["kind"],
            "territory": data["territory"],
            "users": data["users"],
            "url": data["url"],
            "authority": data.get("authority"),
        }


class WhyForm(forms.ModelForm):
    """Law 1 starts with the project's reason to exist."""

    class Meta:
        model = Assessment
        fields = ["need", "action", "replaces", "without_it"]
        help_texts = {
            "need": _("Le besoin, et qui l'a exprimé : des habitants, un service, un élu…"),
            "action": _("Ce que les personnes font grâce à lui, hors de l'écran."),
            "replaces": _("Un outil, une démarche, un guichet, rien…"),
            "without_it": _("Honnêtement : qu'est-ce qui manquerait ?"),
        }
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in fields}


class LawForm(forms.Form):
    """One law's criteria: for each decree in the assessment's version, an
    answer and what establishes it."""

    def __init__(self, *args, answers: list[Answer], **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers
        for answer in answers:
            n = answer.pk
            self.fields["value_%d" % n] = forms.ChoiceField(
                label=_("Réponse"),
                choices=Answer.Value.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=answer.value or None,
            )
            self.fields["evidence_%d" % n] = forms.CharField(
                label=_("Ce qui l'établit"),
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.evidence,
            )
            self.fields["link_%d" % n] = forms.URLField(
                label=_("Lien vers une preuve"),
                required=False,
                max_length=500,
                initial=answer.link,
                assume_scheme="https",
            )
            self.fields["measurement_%d" % n] = forms.CharField(
                label=_("Mesure (valeur et unité)"),
                required=False,
                max_length=120,
                initial=answer.measurement,
            )

    def criteria(self):
        for answer in self.answers:
            n = answer.pk
            yield (
                answer,
                [self["%s_%d" % (f, n)] for f in ("value", "evidence", "link", "measurement")],
            )

    def answers_data(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            a.pk: {
                f: data["%s_%d" % (f, a.pk)] for f in ("value", "evidence", "link", "measurement")
            }
            for a in self.answers
        }


class RemarkForm(forms.Form):
    answer = forms.ModelChoiceField(
        label=_("Sur le critère"),
        queryset=Answer.objects.none(),
        required=False,
        empty_label=_("l'évaluation dans son ensemble"),
    )
    text = forms.CharField(
        label=_("Remarque"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    unsupported = forms.BooleanField(
        label=_("La réponse à ce critère n'est pas étayée"), required=False
    )

    def __init__(self, *args, assessment: Assessment, by_authors: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = assessment.answers.select_related("decree__law")
        self.fields["answer"].label_from_instance = lambda a: (
            "%d.%d — %s"
            % (
                a.decree.law.number,
                a.decree.number,
                a.decree.title,
            )
        )
        if by_authors:
            del self.fields["unsupported"]
            self.fields["text"].label = _("Votre réponse")


class FilterForm(forms.Form):
    departement = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("tous"),
        to_field_name="code",
    )
    kind = forms.ChoiceField(
        label=_("Nature"), choices=[("", _("toutes")), *Assessment.Kind.choices], required=False
    )
    verdict = forms.ChoiceField(
        label=_("Première loi non respectée"),
        choices=[("", _("peu importe")), ("0", _("aucune"))]
        + [(str(n), _("loi %d") % n) for n in rule.LAWS],
        required=False,
    )

    def __init__(self, *args, departements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = departements
