"""What a person portrayed in a story agrees to, in this version. A new
wording is a new version: a consent records the one it was given for."""

from django.utils.translation import gettext_lazy as _

VERSION = "2026-12-03"
TEXT = _(
    "J'accepte que Terreau publie dans Régénérer un portrait de moi avec les éléments cochés "
    "ci-dessous, et seulement ceux-là. Je peux retirer mon accord à tout moment, sans avoir à "
    "me justifier : l'article est alors dépublié aussitôt, et ses photos ne sont plus montrées."
)
# What a portrait may show of the person, each agreed to or not.
SHOWN = [
    ("name", _("son nom, tel qu'écrit ci-dessus")),
    ("photo", _("les photos où on la voit")),
    ("commune", _("sa commune")),
    ("quotes", _("ses paroles, citées entre guillemets")),
    ("role", _("son rôle dans le projet (bénévole, fondatrice, élu…)")),
]
