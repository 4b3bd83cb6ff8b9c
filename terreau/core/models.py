from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """One of the six themes of the founding documents, shared by places,
    events and défis. The rows are created by a data migration."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name


# The six themes named in the founding call for applications, in its order.
FOUNDING_THEMES = [
    ("implication-citoyenne", "Implication citoyenne"),
    ("souverainete-inclusion-numerique", "Souveraineté et inclusion numérique"),
    ("developpement-durable", "Développement durable"),
    ("cohesion-des-territoires", "Cohésion des territoires"),
    ("transition-ecologique-sociale", "Transition écologique et sociale"),
    ("faire-societe", "Faire société et vivre ensemble"),
]
