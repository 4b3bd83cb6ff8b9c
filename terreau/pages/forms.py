from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import search


class DefiChoiceForm(forms.Form):
    """Which of the défis this presence validates the person took up: one
    of the (stage, défi) pairs offered, never any other."""

    defi = forms.ChoiceField(
        label=gettext_lazy("Quel défi relevez-vous ici ?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choisissez le défi que vous relevez."),
            "invalid_choice": gettext_lazy("Choisissez le défi que vous relevez."),
        },
    )

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = {
            "%d-%d" % (stage.pk, challenge.pk): (stage, challenge) for stage, challenge in offered
        }
        self.fields["defi"].choices = [
            (
                key,
                _("%(defi)s (%(marathon)s, %(stage)s)")
                % {"defi": challenge.title, "marathon": stage.marathon.title, "stage": stage.title},
            )
            for key, (stage, challenge) in self.offered.items()
        ]
        if self.offered and not self.is_bound:
            self.initial.setdefault("defi", next(iter(self.offered)))

    def chosen(self):
        """The (stage, défi) chosen."""
        return self.offered[self.cleaned_data["defi"]]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Un lieu, un événement, une commune"),
        max_length=100,
        help_text=gettext_lazy("Par exemple « ressourcerie », « atelier vélo » ou « st etienne »."),
        error_messages={
            "required": gettext_lazy("Tapez au moins un mot (des lettres ou des chiffres)."),
            "max_length": gettext_lazy("100 caractères au plus."),
        },
    )

    def clean_q(self):
        query = self.cleaned_data["q"]
        if not search.words_of(query):
            raise forms.ValidationError(
                gettext_lazy("Tapez au moins un mot (des lettres ou des chiffres)."), code="empty"
            )
        return query
