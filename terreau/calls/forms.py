from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Application, Score


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
    email = forms.EmailField(
        label=_("Inviter un·e co-auteur·e (adresse e-mail)"),
        max_length=254,
        help_text=_("La personne reçoit un lien et rejoint l'équipe en l'acceptant."),
    )


class AbandonForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je supprime ce brouillon et ses textes, pour tous ses co-auteurs."),
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )


class TerritoryQueryForm(forms.Form):
    q = forms.CharField(
        label=_("Commune, intercommunalité ou département"),
        min_length=2,
        max_length=100,
        error_messages={"min_length": _("Tapez au moins deux caractères.")},
    )


MARK_CHOICES = [(n, str(n)) for n in range(Score.MAX + 1)]


class ReviewForm(forms.Form):
    """The whole grid at once: a mark from 0 to 5 and a comment per criterion."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields["value_%d" % criterion.pk] = forms.TypedChoiceField(
                label=_("Note pour « %(c)s » (0 à 5)") % {"c": criterion.title},
                choices=MARK_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choisissez une note de 0 à 5.")},
            )
            self.fields["comment_%d" % criterion.pk] = forms.CharField(
                label=_("Commentaire sur « %(c)s »") % {"c": criterion.title},
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": _("Un commentaire accompagne chaque note.")},
            )

    def rows(self):
        """(criterion, mark field, comment field) for the template."""
        return [(c, self["value_%d" % c.pk], self["comment_%d" % c.pk]) for c in self.criteria]

    def marks(self) -> dict:
        return {
            c.pk: (self.cleaned_data["value_%d" % c.pk], self.cleaned_data["comment_%d" % c.pk])
            for c in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Nature du lien avec ce territoire ou cette candidature"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Dites en quelques mots la nature du lien.")},
    )
