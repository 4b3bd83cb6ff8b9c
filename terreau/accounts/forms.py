from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.territories.forms import CommuneField

from .models import User


class ProfileFields(forms.Form):
    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=60,
        help_text=_("Un prénom, un pseudonyme : c'est ce que les autres verront."),
    )
    home_commune = CommuneField(label=_("Commune de résidence (facultatif)"), required=False)

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Indiquez un nom affiché."), code="required")
        return name


class SignupProfileForm(ProfileFields):
    """Extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    field_order = ["email", "display_name", "home_commune", "password1", "password2"]

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.home_commune = self.cleaned_data["home_commune"]
        user.save(update_fields=["display_name", "home_commune"])


class ProfileForm(ProfileFields, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name",
            "home_commune",
            "notify_registrations",
            "notify_teams",
            "notify_governance",
        ]
