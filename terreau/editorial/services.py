"""Writes on stories: every save keeps a revision; the state moves draft →
submitted → published (at once or at a set time) → corrected or unpublished.
Permission checks are the views' (permissions.py); these functions trust
their caller."""

import difflib

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terreau.core import mail
from terreau.core.refusals import Refused

from . import audio, images, video
from . import consent as consent_text
from .models import Editor, Episode, PortraitConsent, Story, StoryImage, StoryRevision, Video

# Paths of the section that a story's slug must not take.
RESERVED_SLUGS = {"redaction", "images", "fichiers", "videos", "consentements"}


# Paths beside a story's, an episode's or a video's that a slug must not take.
RESERVED = {Story: RESERVED_SLUGS, Episode: {"rss"}, Video: set()}


def unique_slug(model, title: str) -> str:
    """The title as an address, numbered if a story (an episode, a video)
    already has it or it names one of the section's own paths."""
    base = (slugify(title)[:70] or model._meta.model_name).strip("-")
    slug, n = base, 1
    while slug in RESERVED[model] or model.objects.filter(slug=slug).exists():
        n += 1
        slug = "%s-%d" % (base, n)
    return slug


def _revise(story: Story, person, note: str) -> StoryRevision:
    last = story.revisions.aggregate(n=Max("number"))["n"] or 0
    return StoryRevision.objects.create(
        story=story,
        number=last + 1,
        title=story.title,
        standfirst=story.standfirst,
        body=story.body,
        correction=story.correction,
        note=note[:200],
        saved_by=person,
    )


@transaction.atomic
def create_story(form, person) -> Story:
    story = form.save(commit=False)
    story.slug = unique_slug(Story, story.title)
    story.created_by = person
    story.save()
    form.save_m2m()
    _revise(story, person, _("Premier jet"))
    return story


@transaction.atomic
def update_story(form, person, note: str = "") -> Story:
    """Saves the form; a new revision only when the text changed."""
    story = form.save()
    last = story.revisions.order_by("-number").first()
    if last is None or (last.title, last.standfirst, last.body) != (
        story.title,
        story.standfirst,
        story.body,
    ):
        _revise(story, person, note or _("Texte modifié"))
    return story


def _set_state(story: Story, state: str, **fields) -> None:
    for name, value in fields.items():
        setattr(story, name, value)
    story.state = state
    story.save(update_fields=["state", "updated_at", *fields])


@transaction.atomic
def submit(story: Story, person) -> None:
    """Asks the other editors of the territory to read it, by e-mail."""
    _set_state(story, Story.State.SUBMITTED)
    _revise(story, person, _("Proposé à la relecture"))
    territory = story.territory
    ids = {territory.pk, territory.epci_id, territory.departement_id, territory.region_id}
    editors = (
        Editor.objects.filter(territory__in=ids - {None})
        .exclude(person=person)
        .select_related("person")
    )
    recipients = sorted({e.person.email for e in editors if e.person.email})
    if recipients:
        mail.queue_rendered(
            cause="story-submitted:%d:%s" % (story.pk, timezone.now().isoformat()),
            recipients=recipients,
            subject=_("Un article attend votre relecture : %s") % story.title,
            template="editorial/email/submitted.txt",
            context={"story": story, "by": person, "link": settings.SITE_URL + edit_path(story)},
        )


def edit_path(story: Story) -> str:
    from django.urls import reverse

    return reverse("editorial:edit", kwargs={"pk": story.pk})


class StoryRefused(Refused):
    pass


class VideoRefused(Refused):
    pass


@transaction.atomic
def publish(story: Story, person, at=None) -> None:
    """Published now, or at `at` (the story appears by itself then). A
    portrait needs the consent of the person portrayed, in force."""
    if story.is_portrait and story.consent_in_force() is None:
        raise StoryRefused(
            _("Un portrait ne se publie qu'avec le consentement enregistré de la personne."),
            code="portrait-without-consent",
        )
    at = at or timezone.now()
    _set_state(story, Story.State.PUBLISHED, publish_at=at)
    _revise(
        story, person, _("Publié pour le %s") % timezone.localtime(at).strftime("%d/%m/%Y %H:%M")
    )


@transaction.atomic
def unpublish(story: Story, person) -> None:
    _set_state(story, Story.State.UNPUBLISHED)
    _revise(story, person, _("Dépublié"))


@transaction.atomic
def correct(story: Story, person, correction: str) -> None:
    """A visible correction note at the head of a published story."""
    story.correction = correction
    story.corrected_at = timezone.now()
    story.save(update_fields=["correction", "corrected_at", "updated_at"])
    _revise(story, person, _("Correction"))


@transaction.atomic
def record_consent(story: Story, editor, **fields) -> PortraitConsent:
    """The consent of the person portrayed (`fields`: name, how, given_on,
    shown, and her account as `person`), recorded by `editor` for the
    current text."""
    consent = PortraitConsent.objects.create(
        story=story, recorded_by=editor, text_version=consent_text.VERSION, **fields
    )
    _revise(story, editor, _("Consentement de %s enregistré") % consent.name)
    return consent


@transaction.atomic
def withdraw_consent(consent: PortraitConsent, person) -> None:
    """At once: the consent ends and the portrait is unpublished."""
    updated = PortraitConsent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if not updated:
        return
    story = consent.story
    if story.state == Story.State.PUBLISHED:
        _set_state(story, Story.State.UNPUBLISHED)
    _revise(story, person, _("Consentement retiré : portrait dépublié"))


def add_image(story: Story, picture, alt: str, caption: str) -> StoryImage:
    """`picture` is images.decode()'s result (the form decodes it)."""
    key, widths = images.save_variants(picture)
    position = (story.images.aggregate(n=Max("position"))["n"] or 0) + 1
    return StoryImage.objects.create(
        story=story,
        position=position,
        alt=alt,
        caption=caption,
        width=picture.width,
        height=picture.height,
        widths=widths,
        key=key,
    )


def remove_image(image: StoryImage) -> None:
    images.delete_variants(image)
    image.delete()


def compare(older: StoryRevision | None, newer: StoryRevision) -> list[tuple[str, str]]:
    """What changed between two revisions, line by line: (« + », « - » or
    « », line) for the title, the standfirst, the text and the correction."""

    def lines(revision):
        if revision is None:
            return []
        return [
            "# " + revision.title,
            *revision.standfirst.splitlines(),
            *revision.body.splitlines(),
            *(["Correction : " + revision.correction] if revision.correction else []),
        ]

    changes = []
    for line in difflib.ndiff(lines(older), lines(newer)):
        sign, text = line[:1], line[2:]
        if sign in ("+", "-", " "):
            changes.append((sign.strip(), text))
    return changes


# --- The podcast -------------------------------------------------------------


def _set_audio(episode: Episode, found) -> None:
    old = episode.audio
    episode.audio = audio.save(found)
    episode.audio_type = found.content_type
    episode.audio_bytes = found.size
    episode.duration = found.duration
    if old:
        transaction.on_commit(lambda: default_storage.delete(old))


@transaction.atomic
def save_episode(form, person=None) -> Episode:
    """A new episode takes the next number; a new recording replaces the
    old one, deleted once the change is committed."""
    episode = form.save(commit=False)
    if episode.pk is None:
        episode.slug = unique_slug(Episode, episode.title)
        episode.number = (Episode.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        episode.created_by = person
    episode.chapters = form.cleaned_data["chapters_text"]
    if form.cleaned_data.get("audio_file"):
        _set_audio(episode, form.cleaned_data["audio_file"])
    episode.save()
    return episode


def publish_recording(item: Episode | Video, at=None) -> None:
    """An episode or a video, published now or at `at`. A video served by
    Terreau needs its captions; a PeerTube video, its address."""
    if isinstance(item, Video):
        if item.source == Video.Source.FILE and not (item.file and item.captions):
            raise VideoRefused(
                _("Une vidéo servie par Terreau se publie avec ses sous-titres (WebVTT)."),
                code="video-without-captions",
            )
        if item.source == Video.Source.PEERTUBE and not (item.peertube_origin and item.peertube_id):
            raise VideoRefused(
                _("Il manque l'adresse de la vidéo sur PeerTube."), code="no-peertube"
            )
    item.state = Story.State.PUBLISHED
    item.publish_at = at or timezone.now()
    item.save(update_fields=["state", "publish_at", "updated_at"])


def unpublish_recording(item: Episode | Video) -> None:
    item.state = Story.State.UNPUBLISHED
    item.save(update_fields=["state", "updated_at"])


# --- Videos ------------------------------------------------------------------


def _set_video_files(item: Video, cleaned) -> None:
    old = []
    if cleaned.get("video_file"):
        old.append(item.file)
        found = cleaned["video_file"]
        item.file = video.save_video(found)
        item.file_type, item.file_bytes, item.duration = (
            found.content_type,
            found.size,
            found.duration,
        )
    if cleaned.get("captions_file"):
        old.append(item.captions)
        item.captions = video.save_captions(cleaned["captions_file"])
    if cleaned.get("poster_file"):
        old.append(item.poster)
        item.poster, item.poster_width, item.poster_height = video.save_poster(
            cleaned["poster_file"]
        )
    if cleaned.get("peertube_url"):
        item.peertube_origin, item.peertube_id = cleaned["peertube_url"]
    for name in filter(None, old):
        transaction.on_commit(lambda name=name: default_storage.delete(name))


@transaction.atomic
def save_video(form, person=None) -> Video:
    item = form.save(commit=False)
    if item.pk is None:
        item.slug = unique_slug(Video, item.title)
        item.created_by = person
    _set_video_files(item, form.cleaned_data)
    item.save()
    return item
