"""Régénérer, the media: stories about what the territories did, written by
editors (a role given by staff, optionally scoped to a territory), kept with
every revision, published at once or at a set time."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Editor(models.Model):
    """Who may write and publish stories: about any territory (no territory)
    or about one territory and every division inside it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="editor_roles",
        verbose_name=_("personne"),
    )
    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territoire"),
        help_text=_("Vide : tous les territoires."),
    )
    since = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("éditeur·rice")
        verbose_name_plural = _("éditeur·rices")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "territory"], name="one_editor_role_per_person_and_territory"
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(territory__isnull=True),
                name="one_editor_role_everywhere_per_person",
            ),
        ]

    def __str__(self):
        return "%s — %s" % (self.person, self.territory or _("tous les territoires"))


def about_territory(territory) -> models.Q:
    """Stories about `territory` or about a division inside it. An
    intercommunality may straddle two départements (it has none of its own):
    its stories count in each département, and région, of its communes."""
    about = (
        models.Q(territory=territory)
        | models.Q(territory__epci=territory)
        | models.Q(territory__departement=territory)
        | models.Q(territory__region=territory)
    )
    if territory.kind in ("departement", "region"):
        about |= models.Q(territory__in=territory.communes().values("epci"))
    return about


class PublicationQuerySet(models.QuerySet):
    def visible(self, now):
        """Published, and its publication time has come."""
        return self.filter(state=Publication.State.PUBLISHED, publish_at__lte=now)


class Publication(models.Model):
    """What stories and episodes share: a state, a publication time (now or
    to come: the work appears by itself then), who started it and when."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Proposé à la relecture")
        PUBLISHED = "published", _("Publié")
        UNPUBLISHED = "unpublished", _("Dépublié")

    state = models.CharField(_("état"), max_length=12, choices=State.choices, default=State.DRAFT)
    publish_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True

    def is_visible(self, now) -> bool:
        return self.state == self.State.PUBLISHED and self.publish_at <= now

    def is_scheduled(self, now) -> bool:
        return self.state == self.State.PUBLISHED and self.publish_at > now


class StoryQuerySet(PublicationQuerySet):
    def visible(self, now):
        """Published, its publication time has come, and, for a portrait, the
        consent of the person portrayed is in force."""
        in_force = PortraitConsent.objects.filter(
            story=models.OuterRef("pk"), withdrawn_at__isnull=True
        )
        return super().visible(now).filter(models.Q(is_portrait=False) | models.Exists(in_force))


class Story(Publication):
    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="stories",
        verbose_name=_("territoire"),
    )
    title = models.CharField(_("titre"), max_length=150)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    standfirst = models.TextField(_("chapeau"), max_length=600)
    body = models.TextField(
        _("texte"),
        max_length=40000,
        help_text=_(
            "En Markdown : ## pour un intertitre, *italique*, **gras**, [un lien](https://…), "
            "- pour une liste. Le HTML n'est pas accepté."
        ),
    )
    credits = models.CharField(
        _("crédits"),
        max_length=300,
        help_text=_("Qui a écrit, photographié, relu. Par exemple : Texte : Awa ; photos : Jo."),
    )
    theme = models.ForeignKey(
        "core.Theme",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thème"),
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="stories", verbose_name=_("lieux")
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="stories", verbose_name=_("événements")
    )
    marathons = models.ManyToManyField(
        "challenges.Marathon", blank=True, related_name="stories", verbose_name=_("marathons")
    )
    challenges = models.ManyToManyField(
        "challenges.Challenge", blank=True, related_name="stories", verbose_name=_("défis")
    )
    calls = models.ManyToManyField(
        "calls.Call", blank=True, related_name="stories", verbose_name=_("appels")
    )
    causes = models.ManyToManyField(
        "causes.Cause", blank=True, related_name="stories", verbose_name=_("causes")
    )
    # Live figures: read from the data when the page is shown, never typed.
    figures_of_marathon = models.ForeignKey(
        "challenges.Marathon",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chiffres en direct d'un marathon"),
    )
    figures_of_territory = models.BooleanField(_("chiffres en direct du territoire"), default=False)
    is_portrait = models.BooleanField(
        _("portrait d'une personne"),
        default=False,
        help_text=_("Publié seulement avec son consentement enregistré, qu'elle peut retirer."),
    )
    correction = models.TextField(
        _("correction"),
        max_length=1000,
        blank=True,
        help_text=_("Dite en tête de l'article : ce qui a été corrigé, et pourquoi."),
    )
    corrected_at = models.DateTimeField(_("corrigé le"), null=True, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(publish_at__isnull=False),
                name="a_published_story_has_a_publication_time",
            ),
        ]
        indexes = [models.Index(fields=["state", "-publish_at"], name="story_publication")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("editorial:story", kwargs={"slug": self.slug})

    def is_visible(self, now) -> bool:
        return super().is_visible(now) and (
            not self.is_portrait or self.consent_in_force() is not None
        )

    def consent_in_force(self):
        return self.portrait_consents.filter(withdrawn_at__isnull=True).first()


class StoryRevision(models.Model):
    """The story as one save left it: every revision is kept and can be
    compared with the one before."""

    story = models.ForeignKey(Story, models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("révision"))
    title = models.CharField(_("titre"), max_length=150)
    standfirst = models.TextField(_("chapeau"), max_length=600)
    body = models.TextField(_("texte"), max_length=40000)
    correction = models.TextField(_("correction"), max_length=1000, blank=True)
    note = models.CharField(_("ce qui a changé"), max_length=200, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    saved_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("révision d'article")
        verbose_name_plural = _("révisions d'article")
        ordering = ["story", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["story", "number"], name="one_revision_number_per_story"
            )
        ]

    def __str__(self):
        return "%s, révision %s" % (self.story, self.number)


class StoryImage(models.Model):
    """A photo of a story, re-encoded by Pillow into a few widths without
    metadata (images.py); the alternative text is required."""

    story = models.ForeignKey(Story, models.CASCADE, related_name="images")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    alt = models.CharField(
        _("texte alternatif"),
        max_length=250,
        help_text=_("Ce que montre l'image, pour qui ne la voit pas."),
    )
    caption = models.CharField(_("légende et crédit"), max_length=250, blank=True)
    width = models.PositiveIntegerField(_("largeur"))
    height = models.PositiveIntegerField(_("hauteur"))
    # The widths written, a JPEG each, smallest first (e.g. [320, 640, 960]).
    widths = models.JSONField(_("largeurs"), default=list)
    key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("image d'article")
        verbose_name_plural = _("images d'article")
        ordering = ["story", "position", "pk"]

    def __str__(self):
        return self.alt

    def file_name(self, width: int) -> str:
        return "editorial/images/%s-%d.jpg" % (self.key, width)

    def url(self, width: int) -> str:
        return reverse("editorial:image", kwargs={"key": self.key, "width": width})

    @property
    def url_smallest(self) -> str:
        return self.url(self.widths[0])

    @property
    def srcset(self) -> str:
        return ", ".join("%s %dw" % (self.url(width), width) for width in self.widths)


class Episode(Publication):
    """An episode of the podcast: an audio file (Opus or MP3) read by
    mutagen for its duration, a transcript (required: who cannot hear reads
    it), optional chapters. Its `guid` never changes, whatever its title."""

    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="episodes",
        verbose_name=_("territoire"),
    )
    number = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    title = models.CharField(_("titre"), max_length=150)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    summary = models.TextField(_("présentation"), max_length=2000)
    transcript = models.TextField(_("transcription"), max_length=60000)
    # [{"start": seconds, "title": "…"}], in order.
    chapters = models.JSONField(_("chapitres"), default=list, blank=True)
    credits = models.CharField(_("crédits"), max_length=300)
    audio = models.CharField(_("fichier audio"), max_length=200)
    audio_type = models.CharField(_("type"), max_length=40)
    audio_bytes = models.PositiveBigIntegerField(_("taille (octets)"))
    duration = models.PositiveIntegerField(_("durée (secondes)"))
    guid = models.UUIDField(_("identifiant permanent"), default=uuid.uuid4, unique=True)
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="episodes", verbose_name=_("lieux")
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("épisode du podcast")
        verbose_name_plural = _("épisodes du podcast")
        ordering = ["-publish_at", "-number"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(publish_at__isnull=False),
                name="a_published_episode_has_a_publication_time",
            ),
        ]

    def __str__(self):
        return "%d. %s" % (self.number, self.title)

    def get_absolute_url(self):
        return reverse("editorial:episode", kwargs={"slug": self.slug})

    @property
    def audio_url(self) -> str:
        extension = "opus" if self.audio_type == "audio/ogg" else "mp3"
        return reverse("editorial:episode_audio", kwargs={"slug": self.slug, "ext": extension})


class PortraitConsent(models.Model):
    """The recorded consent of the person a portrait is about: what is shown,
    when and how it was given, for which version of the text. A portrait is
    published only while one is in force; withdrawing it unpublishes the
    story at once. Linked to the person's account when she has one, so that
    she withdraws it herself."""

    class How(models.TextChoices):
        PAPER = "paper", _("sur papier signé, gardé par la coopérative")
        EMAIL = "email", _("par un e-mail de la personne, gardé par la coopérative")
        ACCOUNT = "account", _("par la personne, depuis son compte Terreau")

    story = models.ForeignKey(Story, models.CASCADE, related_name="portrait_consents")
    name = models.CharField(_("nom de la personne"), max_length=150)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="portrait_consents",
        verbose_name=_("son compte Terreau"),
    )
    shown = models.JSONField(_("ce qui est montré"), default=list)
    text_version = models.CharField(_("version du texte"), max_length=20)
    how = models.CharField(_("recueilli"), max_length=10, choices=How.choices)
    given_on = models.DateField(_("donné le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("consentement à un portrait")
        verbose_name_plural = _("consentements à un portrait")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["story"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_portrait_consent_in_force_per_story",
            ),
        ]

    def __str__(self):
        return "%s — %s" % (self.name, self.story)


class Video(Publication):
    """A video, loaded only when the reader asks: either a file served by
    Terreau (MP4 or WebM, with its captions in WebVTT, required to publish)
    or a PeerTube video, shown as its poster and a button until the reader
    asks for the instance's player. Always a poster and a transcript."""

    class Source(models.TextChoices):
        FILE = "file", _("un fichier servi par Terreau")
        PEERTUBE = "peertube", _("une vidéo PeerTube")

    territory = models.ForeignKey(
        "territories.Territory",
        models.PROTECT,
        related_name="videos",
        verbose_name=_("territoire"),
    )
    title = models.CharField(_("titre"), max_length=150)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    summary = models.TextField(_("présentation"), max_length=2000)
    transcript = models.TextField(_("transcription"), max_length=60000)
    credits = models.CharField(_("crédits"), max_length=300)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # A file served by Terreau.
    file = models.CharField(_("fichier"), max_length=200, blank=True)
    file_type = models.CharField(_("type"), max_length=20, blank=True)
    file_bytes = models.PositiveBigIntegerField(_("taille (octets)"), null=True, blank=True)
    captions = models.CharField(_("sous-titres (WebVTT)"), max_length=200, blank=True)
    # A PeerTube video: its instance (https://…) and its identifier there.
    peertube_origin = models.URLField(_("instance PeerTube"), blank=True)
    peertube_id = models.CharField(_("identifiant de la vidéo"), max_length=60, blank=True)
    duration = models.PositiveIntegerField(_("durée (secondes)"), null=True, blank=True)
    poster = models.CharField(_("image d'attente"), max_length=200)
    poster_alt = models.CharField(_("ce que montre l'image d'attente"), max_length=250)
    poster_width = models.PositiveIntegerField(default=0)
    poster_height = models.PositiveIntegerField(default=0)
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="videos", verbose_name=_("lieux")
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("vidéo")
        verbose_name_plural = _("vidéos")
        ordering = ["-publish_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(publish_at__isnull=False),
                name="a_published_video_has_a_publication_time",
            ),
            # Captions are required to publish a file; a PeerTube video
            # names its instance and its identifier.
            models.CheckConstraint(
                condition=models.Q(source="peertube", peertube_origin__gt="", peertube_id__gt="")
                | models.Q(source="file", file__gt="", captions__gt="")
                | ~models.Q(state="published"),
                name="a_published_video_can_be_played_and_read",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("editorial:video", kwargs={"slug": self.slug})

    @property
    def file_url(self) -> str:
        extension = "webm" if self.file_type == "video/webm" else "mp4"
        return reverse("editorial:video_file", kwargs={"slug": self.slug, "ext": extension})

    @property
    def captions_url(self) -> str:
        return reverse("editorial:video_captions", kwargs={"slug": self.slug})

    @property
    def poster_url(self) -> str:
        return reverse("editorial:video_poster", kwargs={"slug": self.slug})

    @property
    def embed_url(self) -> str:
        return "%s/videos/embed/%s" % (self.peertube_origin.rstrip("/"), self.peertube_id)
