"""The text an expert agrees to before their profile is shown, and the
fields they choose to make public. A new wording is a new version: each
consent records the version its author read."""

from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2026-12-03"

CONSENT_TEXT = _(
    "J'accepte que Terreau montre sur mon profil public d'expert les informations que je coche "
    "ci-dessous, à toute personne, sur son site et dans ses pages imprimées. Je peux retirer cet "
    "accord à tout moment : mon profil disparaît aussitôt et ma photo est supprimée. Mes demandes "
    "d'aide en cours restent visibles des personnes qui me les ont adressées."
)

# Public fields: those without which a profile means nothing are required;
# the photo, the ways of helping and the price are each the expert's choice.
PUBLIC_FIELDS = (
    ("display_name", _("mon nom"), True),
    ("presentation", _("ma présentation"), True),
    ("domains", _("mes domaines"), True),
    ("areas", _("les territoires où j'interviens"), True),
    ("affiliations", _("mes liens d'intérêts (employeur, entreprise…)"), True),
    ("photo", _("ma photo"), False),
    ("modes", _("comment j'aide"), False),
    ("price", _("gratuit ou payant, et le tarif"), False),
)
REQUIRED_FIELDS = [key for key, _label, required in PUBLIC_FIELDS if required]
