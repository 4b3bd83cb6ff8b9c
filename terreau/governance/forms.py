from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import bic, iban

from terreau.accounts.permissions import has_staff_powers
from terreau.territories.models import Territory
from terreau.territories.roles import animated_territory_ids

from . import tally
from .models import Amendment, Choice, College, Consultation, Cooperative, Decree, ShareMovement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MembershipForm(forms.Form):
    college = forms.ModelChoiceField(
        label=gettext_lazy("Collège"),
        queryset=College.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": gettext_lazy("Choisissez votre collège.")},
    )
    shares = forms.IntegerField(
        label=gettext_lazy("Nombre de parts"), min_value=1, max_value=100000
    )
    legal_name = forms.CharField(
        label=gettext_lazy("Nom et prénom à l'état civil"),
        max_length=150,
        help_text=gettext_lazy("Le registre des sociétaires l'exige ; il n'est jamais publié."),
    )
    postal_address = forms.CharField(
        label=gettext_lazy("Adresse postale"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    show_name = forms.BooleanField(
        label=gettext_lazy("Afficher mon nom d'usage sur la page de la campagne"), required=False
    )
    accepts_statutes = forms.BooleanField(
        label=gettext_lazy("J'ai lu les statuts et je les accepte"),
        error_messages={"required": gettext_lazy("Pour adhérer, acceptez les statuts.")},
    )

    def __init__(self, *args, cooperative: Cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shares"].min_value = cooperative.minimum_shares
        self.fields["shares"].initial = cooperative.minimum_shares
        self.fields["shares"].help_text = _("%(price)s € la part, %(min)d au minimum.") % {
            "price": cooperative.share_price,
            "min": cooperative.minimum_shares,
        }
        self.fields["shares"].widget.attrs["min"] = cooperative.minimum_shares
        self.minimum_shares = cooperative.minimum_shares

    def clean_shares(self):
        shares = self.cleaned_data["shares"]
        if shares < self.minimum_shares:
            raise forms.ValidationError(
                _("Il faut souscrire au moins %(n)d part(s).") % {"n": self.minimum_shares}
            )
        return shares


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=gettext_lazy("Payé le"), widget=DATE)
    reference = forms.CharField(
        label=gettext_lazy("Référence du paiement"), max_length=120, required=False
    )


class MovementForm(forms.Form):
    KINDS = [
        (ShareMovement.Kind.SUBSCRIPTION, gettext_lazy("Souscription de parts supplémentaires")),
        (ShareMovement.Kind.TRANSFER_OUT, gettext_lazy("Cession à un autre sociétaire")),
        (ShareMovement.Kind.WITHDRAWAL, gettext_lazy("Retrait (remboursement)")),
    ]
    member = forms.IntegerField(label=gettext_lazy("N° du sociétaire"), min_value=1)
    kind = forms.ChoiceField(
        label=gettext_lazy("Mouvement"), choices=KINDS, widget=forms.RadioSelect
    )
    shares = forms.IntegerField(
        label=gettext_lazy("Nombre de parts"), min_value=1, max_value=100000
    )
    counterpart = forms.IntegerField(
        label=gettext_lazy("N° du sociétaire bénéficiaire (cession)"), min_value=1, required=False
    )
    occurred_on = forms.DateField(label=gettext_lazy("Date du mouvement"), widget=DATE)
    reference = forms.CharField(
        label=gettext_lazy("Référence (acte, virement)"), max_length=120, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ShareMovement.Kind.TRANSFER_OUT and not cleaned.get(
            "counterpart"
        ):
            self.add_error(
                "counterpart", _("Une cession nomme le sociétaire qui reçoit les parts.")
            )
        return cleaned


class CooperativeForm(forms.ModelForm):
    payment_url = forms.URLField(
        label=Cooperative._meta.get_field("payment_url").verbose_name,
        help_text=Cooperative._meta.get_field("payment_url").help_text,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Cooperative
        fields = [
            "name",
            "share_price",
            "minimum_shares",
            "member_goal",
            "proxy_cap",
            "ordinary_majority",
            "ordinary_inclusive",
            "extraordinary_majority",
            "extraordinary_inclusive",
            "ordinary_quorum_first",
            "ordinary_quorum_second",
            "extraordinary_quorum_first",
            "extraordinary_quorum_second",
            "notice_days_first",
            "notice_days_second",
            "secrecy_minimum",
            "payee",
            "iban",
            "bic",
            "cheque_address",
            "payment_url",
            "contact_email",
        ]

    def clean_iban(self):
        return iban.compact(self.cleaned_data["iban"])

    def clean_bic(self):
        return bic.compact(self.cleaned_data["bic"])


class BaseCollegeFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk and form.instance.members.exists():
                    raise forms.ValidationError(
                        _(
                            "Le collège « %(name)s » compte des sociétaires : il ne peut être supprimé."
                        )
                        % {"name": form.instance.name}
                    )
                continue
            kept.append(form.cleaned_data["weight"])
        problems = tally.weight_problems(kept)
        if problems:
            raise forms.ValidationError(problems)


CollegeFormSet = forms.modelformset_factory(
    College,
    fields=["name", "description", "weight", "position"],
    formset=BaseCollegeFormSet,
    extra=1,
    can_delete=True,
)


class ProxyForm(forms.Form):
    holder = forms.IntegerField(
        label=gettext_lazy("N° du sociétaire de votre collège qui votera pour vous"), min_value=1
    )


class VoteForm(forms.Form):
    """One voice (oneself, or a member who gave a proxy): one answer per
    resolution not yet voted."""

    def __init__(self, *args, resolutions, voice, **kwargs):
        super().__init__(*args, prefix="v%d" % voice.number, **kwargs)
        self.voice = voice
        for resolution in resolutions:
            self.fields["r%d" % resolution.pk] = forms.ChoiceField(
                label="%s%s" % (resolution, _(" (scrutin secret)") if resolution.is_secret else ""),
                choices=Choice.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Répondez à chaque résolution.")},
            )

    def choices(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=gettext_lazy("Votre reçu"), max_length=20, required=False)


class ConsultationForm(forms.ModelForm):
    closes_on = forms.DateField(label=gettext_lazy("Amendements jusqu'au"), widget=DATE)

    class Meta:
        model = Consultation
        fields = ["title", "text", "law", "decree", "territory", "closes_on"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff publish for any territory that has animators or a marathon;
        # an animator for the territories they animate.
        self.fields["territory"].queryset = (
            Territory.objects.filter(Q(animators__isnull=False) | Q(marathons__isnull=False))
            if has_staff_powers(user)
            else Territory.objects.filter(pk__in=animated_territory_ids(user))
        ).distinct()
        self.fields["territory"].required = not has_staff_powers(user)
        self.fields["decree"].queryset = Decree.objects.select_related("law")
        self.fields["text"].widget.attrs["rows"] = 10

    def clean(self):
        cleaned = super().clean()
        decree, law = cleaned.get("decree"), cleaned.get("law")
        if decree and law and decree.law_id != law.pk:
            self.add_error("decree", _("Ce décret ne relève pas de la loi choisie."))
        if decree and not law:
            cleaned["law"] = decree.law
        return cleaned


class AmendmentForm(forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ["proposal", "reason"]
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Votre commentaire"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amendment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Réponse"),
        choices=[c for c in Amendment.Status.choices if c[0] != Amendment.Status.PENDING],
    )
    answer = forms.CharField(
        label=gettext_lazy("Motif (obligatoire pour un rejet)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
