from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from terreau.core import markdown
from terreau.core.ranges import ranged_response
from terreau.territories.models import Territory

from . import consent, figures, permissions, services
from .forms import (
    ConsentForm,
    CorrectionForm,
    DeskFilterForm,
    EpisodeForm,
    FilterForm,
    ImageForm,
    LinksForm,
    PublishForm,
    StoryForm,
    VideoForm,
)
from .models import Episode, PortraitConsent, Story, StoryImage, Video

STORIES_PER_PAGE = 20
EPISODES_ON_INDEX = 3
VIDEOS_ON_INDEX = 3
DESK_LIST_LIMIT = 200


def story_list(request):
    """The latest episodes and videos, then the published stories, newest
    first. The territory filter narrows all three; the theme filter, which
    only stories have, shows stories alone."""
    now = timezone.now()
    visible = Story.objects.visible(now)
    episodes = Episode.objects.visible(now).order_by("-publish_at")
    videos = Video.objects.visible(now).order_by("-publish_at")
    territories = Territory.objects.filter(
        Q(pk__in=visible.values("territory"))
        | Q(pk__in=episodes.values("territory"))
        | Q(pk__in=videos.values("territory"))
    ).order_by("name")
    filters = FilterForm(request.GET or None, territories=territories)
    stories = visible.select_related("territory", "theme")
    query = {}
    if filters.is_valid():
        if filters.cleaned_data["territoire"]:
            territory = filters.cleaned_data["territoire"]
            stories = stories.filter(territory=territory)
            episodes, videos = (
                episodes.filter(territory=territory),
                videos.filter(territory=territory),
            )
            query["territoire"] = territory.pk
        if filters.cleaned_data["theme"]:
            stories = stories.filter(theme=filters.cleaned_data["theme"])
            episodes, videos = episodes.none(), videos.none()
            query["theme"] = filters.cleaned_data["theme"].slug
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    first_page = page.number == 1
    return render(
        request,
        "editorial/story_list.html",
        {
            "filters": filters,
            "page": page,
            "stories": list(page.object_list),
            "query": urlencode(query),
            "is_editor": permissions.is_editor(request.user),
            "episodes": list(episodes[:EPISODES_ON_INDEX]) if first_page else [],
            "videos": list(videos[:VIDEOS_ON_INDEX]) if first_page else [],
        },
    )


def _story(request, slug) -> Story:
    story = get_object_or_404(Story.objects.select_related("territory", "theme"), slug=slug)
    if not permissions.can_view_story(request.user, story, timezone.now()):
        raise Http404
    return story


def story_detail(request, slug):
    story = _story(request, slug)
    now = timezone.now()
    return render(
        request,
        "editorial/story_detail.html",
        {
            "story": story,
            "body": markdown.render(story.body),
            "images": list(story.images.all()),
            "live_figures": figures.of_story(story, now),
            "places": list(story.places.published().order_by("name")),
            "events": list(story.events.visible().order_by("-starts_at")),
            "marathons": list(story.marathons.order_by("-starts_on")),
            "challenges": list(story.challenges.filter(is_published=True).order_by("title")),
            "calls": list(story.calls.order_by("-opens_at")),
            "causes": list(story.causes.filter(status="published").order_by("title")),
            "is_scheduled": story.is_scheduled(now),
            "is_visible": story.is_visible(now),
            "can_edit": permissions.can_edit_story(request.user, story),
            "my_consent": story.portrait_consents.filter(
                person=request.user, withdrawn_at__isnull=True
            ).first()
            if story.is_portrait and request.user.is_authenticated
            else None,
        },
    )


def image(request, key, width):
    """A story's photo, at one of the widths written; only while the story
    may be seen by this visitor."""
    picture = get_object_or_404(StoryImage.objects.select_related("story__territory"), key=key)
    if width not in picture.widths or not permissions.can_view_story(
        request.user, picture.story, timezone.now()
    ):
        raise Http404
    try:
        handle = default_storage.open(picture.file_name(width))
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = (
        "public, max-age=86400" if picture.story.is_visible(timezone.now()) else "private, no-store"
    )
    return response


# --- The editors' desk ------------------------------------------------------


@login_required
def desk(request):
    """What the editor may edit, newest first, by territory and state; each
    list stops at DESK_LIST_LIMIT rows and says how many it leaves out."""
    if not permissions.is_editor(request.user):
        raise PermissionDenied
    lists = {
        "stories": permissions.editable_stories(request.user).order_by("-updated_at"),
        "episodes": permissions.editable_episodes(request.user).order_by("-number"),
        "videos": permissions.editable_videos(request.user).order_by("-updated_at"),
    }
    territories = Territory.objects.filter(
        reduce(or_, (Q(pk__in=items.values("territory")) for items in lists.values()))
    ).order_by("name")
    filters = DeskFilterForm(request.GET or None, territories=territories)
    if filters.is_valid():
        if filters.cleaned_data["territoire"]:
            lists = {
                k: v.filter(territory=filters.cleaned_data["territoire"]) for k, v in lists.items()
            }
        if filters.cleaned_data["etat"]:
            lists = {k: v.filter(state=filters.cleaned_data["etat"]) for k, v in lists.items()}
    context = {"filters": filters, "now": timezone.now(), "limit": DESK_LIST_LIMIT}
    for name, items in lists.items():
        context[name] = list(items.select_related("territory")[:DESK_LIST_LIMIT])
        full = len(context[name]) == DESK_LIST_LIMIT
        context[name + "_count"] = items.count() if full else len(context[name])
    return render(request, "editorial/desk.html", context)


@login_required
def create(request):
    if not permissions.is_editor(request.user):
        raise PermissionDenied
    form = StoryForm(
        request.POST or None, allowed_territories=permissions.territories_edited(request.user)
    )
    if request.method == "POST" and form.is_valid():
        story = services.create_story(form, request.user)
        messages.success(
            request, _("Brouillon enregistré : ajoutez des images et ce dont il parle.")
        )
        return redirect("editorial:edit", pk=story.pk)
    return render(request, "editorial/story_form.html", {"form": form})


def _editable(request, pk) -> Story:
    if not request.user.is_authenticated:
        raise Http404
    story = get_object_or_404(Story.objects.select_related("territory"), pk=pk)
    if not permissions.can_edit_story(request.user, story):
        raise Http404
    return story


@login_required
def edit(request, pk):
    story = _editable(request, pk)
    form = StoryForm(
        request.POST or None,
        instance=story,
        allowed_territories=permissions.territories_edited(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.update_story(form, request.user, request.POST.get("note", ""))
        messages.success(request, _("Article enregistré."))
        return redirect("editorial:edit", pk=story.pk)
    return render(request, "editorial/story_edit.html", _edit_context(story, form=form))


def _edit_context(story, **forms):
    now = timezone.now()
    return {
        "story": story,
        "form": forms.get("form") or StoryForm(instance=story),
        "publish_form": forms.get("publish_form") or PublishForm(),
        "correction_form": forms.get("correction_form")
        or CorrectionForm(initial={"correction": story.correction}),
        "image_form": forms.get("image_form") or ImageForm(),
        "consent_form": forms.get("consent_form") or ConsentForm(),
        "consent": story.consent_in_force() if story.is_portrait else None,
        "consent_text": consent.TEXT,
        "consent_version": consent.VERSION,
        "images": list(story.images.all()),
        "revisions": list(story.revisions.select_related("saved_by")[:50]),
        "is_scheduled": story.is_scheduled(now),
        "is_visible": story.is_visible(now),
    }


@login_required
def links(request, pk):
    """What the story is about: on a page of its own (the lists are long)."""
    story = _editable(request, pk)
    form = LinksForm(request.POST or None, instance=story)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Liens enregistrés."))
        return redirect("editorial:edit", pk=story.pk)
    return render(request, "editorial/story_links.html", {"story": story, "form": form})


@login_required
@require_POST
def submit(request, pk):
    story = _editable(request, pk)
    if story.state not in (Story.State.DRAFT, Story.State.UNPUBLISHED):
        messages.error(request, _("Seul un brouillon se propose à la relecture."))
    else:
        services.submit(story, request.user)
        messages.success(
            request, _("Proposé à la relecture : les autres éditeurs du territoire sont prévenus.")
        )
    return redirect("editorial:edit", pk=story.pk)


@login_required
@require_POST
def publish(request, pk):
    story = _editable(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return render(request, "editorial/story_edit.html", _edit_context(story, publish_form=form))
    at = form.cleaned_data["publish_at"]
    try:
        services.publish(story, request.user, at)
    except services.StoryRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("editorial:edit", pk=story.pk)
    if at and at > timezone.now():
        messages.success(request, _("Publication programmée : l'article paraîtra à l'heure dite."))
    else:
        messages.success(request, _("Article publié."))
    return redirect("editorial:edit", pk=story.pk)


@login_required
@require_POST
def unpublish(request, pk):
    story = _editable(request, pk)
    if story.state == Story.State.PUBLISHED:
        services.unpublish(story, request.user)
        messages.success(request, _("Article dépublié : il n'est plus visible."))
    return redirect("editorial:edit", pk=story.pk)


@login_required
@require_POST
def correct(request, pk):
    story = _editable(request, pk)
    form = CorrectionForm(request.POST)
    if story.state != Story.State.PUBLISHED:
        messages.error(
            request, _("Seul un article publié reçoit une correction : modifiez le brouillon.")
        )
        return redirect("editorial:edit", pk=story.pk)
    if not form.is_valid():
        return render(
            request, "editorial/story_edit.html", _edit_context(story, correction_form=form)
        )
    services.correct(story, request.user, form.cleaned_data["correction"])
    messages.success(request, _("Correction publiée en tête de l'article."))
    return redirect("editorial:edit", pk=story.pk)


@login_required
@require_POST
def record_consent(request, pk):
    story = _editable(request, pk)
    form = ConsentForm(request.POST)
    if not story.is_portrait:
        messages.error(request, _("Cochez d'abord « portrait d'une personne » dans le texte."))
        return redirect("editorial:edit", pk=story.pk)
    if story.consent_in_force() is not None:
        messages.error(request, _("Un consentement est déjà en vigueur pour ce portrait."))
        return redirect("editorial:edit", pk=story.pk)
    if not form.is_valid():
        return render(request, "editorial/story_edit.html", _edit_context(story, consent_form=form))
    try:
        services.record_consent(
            story,
            request.user,
            name=form.cleaned_data["name"],
            how=form.cleaned_data["how"],
            given_on=form.cleaned_data["given_on"],
            shown=form.cleaned_data["shown"],
            person=form.cleaned_data["account"],
        )
    except IntegrityError:  # another editor recorded one at the same moment
        messages.error(request, _("Un consentement est déjà en vigueur pour ce portrait."))
        return redirect("editorial:edit", pk=story.pk)
    messages.success(request, _("Consentement enregistré : le portrait peut être publié."))
    return redirect("editorial:edit", pk=story.pk)


@login_required
@require_POST
def withdraw_consent(request, pk):
    """By the person portrayed, from her account, or by an editor of the
    territory at her request: the portrait is unpublished at once."""
    portrait = get_object_or_404(
        PortraitConsent.objects.select_related("story__territory"), pk=pk, withdrawn_at__isnull=True
    )
    is_hers = portrait.person_id is not None and portrait.person_id == request.user.pk
    if not (is_hers or permissions.can_edit_story(request.user, portrait.story)):
        raise Http404
    services.withdraw_consent(portrait, request.user)
    messages.success(request, _("Consentement retiré : le portrait n'est plus publié."))
    if is_hers:
        return redirect("editorial:list")
    return redirect("editorial:edit", pk=portrait.story_id)


@login_required
@require_POST
def add_image(request, pk):
    story = _editable(request, pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "editorial/story_edit.html", _edit_context(story, image_form=form))
    services.add_image(
        story, form.cleaned_data["image"], form.cleaned_data["alt"], form.cleaned_data["caption"]
    )
    messages.success(request, _("Image ajoutée, sans ses métadonnées."))
    return redirect("editorial:edit", pk=story.pk)


@login_required
@require_POST
def remove_image(request, pk, image_pk):
    story = _editable(request, pk)
    picture = get_object_or_404(StoryImage, pk=image_pk, story=story)
    services.remove_image(picture)
    messages.success(request, _("Image retirée."))
    return redirect("editorial:edit", pk=story.pk)


@login_required
def revision(request, pk, number):
    """One revision beside the one before it."""
    story = _editable(request, pk)
    newer = get_object_or_404(story.revisions.select_related("saved_by"), number=number)
    older = story.revisions.filter(number__lt=number).order_by("-number").first()
    return render(
        request,
        "editorial/revision.html",
        {
            "story": story,
            "revision": newer,
            "older": older,
            "changes": services.compare(older, newer),
        },
    )


# --- The podcast -------------------------------------------------------------


def podcast(request):
    episodes = Episode.objects.visible(timezone.now()).select_related("territory")
    page = Paginator(episodes, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "editorial/podcast.html",
        {
            "page": page,
            "episodes": list(page.object_list),
            "is_editor": permissions.is_editor(request.user),
        },
    )


def _episode(request, slug) -> Episode:
    episode = get_object_or_404(Episode.objects.select_related("territory"), slug=slug)
    if not permissions.can_view_episode(request.user, episode, timezone.now()):
        raise Http404
    return episode


def episode_detail(request, slug):
    episode = _episode(request, slug)
    now = timezone.now()
    return render(
        request,
        "editorial/episode_detail.html",
        {
            "episode": episode,
            "places": list(episode.places.published().order_by("name")),
            "is_visible": episode.is_visible(now),
            "can_edit": permissions.can_edit_episode(request.user, episode),
        },
    )


def episode_audio(request, slug, ext):
    """The recording, whole or by the byte ranges a player asks for."""
    episode = _episode(request, slug)
    if episode.audio_url != request.path:
        raise Http404
    try:
        handle = default_storage.open(episode.audio)
    except FileNotFoundError:
        raise Http404 from None
    response = ranged_response(request, handle, episode.audio_bytes, episode.audio_type)
    response["Cache-Control"] = (
        "public, max-age=86400" if episode.is_visible(timezone.now()) else "private, no-store"
    )
    return response


def episode_transcript(request, slug):
    episode = _episode(request, slug)
    text = "%s\n\n%s\n" % (episode.title, episode.transcript)
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def episode_chapters(request, slug):
    """The chapters as the Podcasting 2.0 JSON chapters format (version 1.2.0)."""
    episode = _episode(request, slug)
    data = {
        "version": "1.2.0",
        "title": episode.title,
        "chapters": [{"startTime": c["start"], "title": c["title"]} for c in episode.chapters],
    }
    return JsonResponse(data, content_type="application/json+chapters")


# --- Videos ------------------------------------------------------------------


def _video(request, slug) -> Video:
    item = get_object_or_404(Video.objects.select_related("territory"), slug=slug)
    if not permissions.can_view_video(request.user, item, timezone.now()):
        raise Http404
    return item


def video_detail(request, slug):
    """A poster and, for a file, a `<video preload="none">`; for PeerTube,
    a button that reloads the page with the instance's player, the only
    page whose Content-Security-Policy lets that instance in."""
    item = _video(request, slug)
    now = timezone.now()
    show_player = item.source == Video.Source.PEERTUBE and request.GET.get("lecteur") == "1"
    response = render(
        request,
        "editorial/video_detail.html",
        {
            "video": item,
            "show_player": show_player,
            "places": list(item.places.published().order_by("name")),
            "is_visible": item.is_visible(now),
            "can_edit": permissions.can_edit_video(request.user, item),
        },
    )
    if show_player:
        response._csp_update = {"frame-src": [item.peertube_origin]}
    return response


def _stored(name, content_type, request=None, size=None, visible=True):
    try:
        handle = default_storage.open(name)
    except FileNotFoundError:
        raise Http404 from None
    if request is not None:
        response = ranged_response(request, handle, size, content_type)
    else:
        response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400" if visible else "private, no-store"
    return response


def video_file(request, slug, ext):
    item = _video(request, slug)
    if item.source != Video.Source.FILE or item.file_url != request.path:
        raise Http404
    visible = item.is_visible(timezone.now())
    return _stored(item.file, item.file_type, request, item.file_bytes, visible)


def video_captions(request, slug):
    item = _video(request, slug)
    if not item.captions:
        raise Http404
    return _stored(
        item.captions, "text/vtt; charset=utf-8", visible=item.is_visible(timezone.now())
    )


def video_poster(request, slug):
    item = _video(request, slug)
    return _stored(item.poster, "image/jpeg", visible=item.is_visible(timezone.now()))


# --- The desk's episodes and videos ----------------------------------------


@dataclass(frozen=True)
class Recordings:
    """What differs between the desk's episodes and its videos; their
    views below are the same otherwise."""

    model: type
    form_class: type
    template: str
    edit_url: str
    can_edit: Callable
    save: Callable
    created: str
    saved: str
    published: str
    scheduled: str
    unpublished: str


EPISODES = Recordings(
    Episode,
    EpisodeForm,
    "editorial/episode_form.html",
    "editorial:episode_edit",
    permissions.can_edit_episode,
    services.save_episode,
    created=gettext_lazy("Épisode enregistré comme brouillon."),
    saved=gettext_lazy("Épisode enregistré."),
    published=gettext_lazy("Épisode publié."),
    scheduled=gettext_lazy("Publication programmée : l'épisode paraîtra à l'heure dite."),
    unpublished=gettext_lazy("Épisode dépublié : il n'est plus visible."),
)
VIDEOS = Recordings(
    Video,
    VideoForm,
    "editorial/video_form.html",
    "editorial:video_edit",
    permissions.can_edit_video,
    services.save_video,
    created=gettext_lazy("Vidéo enregistrée comme brouillon."),
    saved=gettext_lazy("Vidéo enregistrée."),
    published=gettext_lazy("Vidéo publiée."),
    scheduled=gettext_lazy("Publication programmée : la vidéo paraîtra à l'heure dite."),
    unpublished=gettext_lazy("Vidéo dépubliée : elle n'est plus visible."),
)


def _form(request, kind: Recordings, instance=None):
    return kind.form_class(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        allowed_territories=permissions.territories_edited(request.user),
    )


def _editable_recording(request, kind: Recordings, pk):
    """Another territory's episode or video is not found, not forbidden."""
    if not request.user.is_authenticated:
        raise Http404
    item = get_object_or_404(kind.model.objects.select_related("territory"), pk=pk)
    if not kind.can_edit(request.user, item):
        raise Http404
    return item


def _create(request, kind: Recordings):
    if not permissions.is_editor(request.user):
        raise PermissionDenied
    form = _form(request, kind)
    if request.method == "POST" and form.is_valid():
        item = kind.save(form, request.user)
        messages.success(request, kind.created)
        return redirect(kind.edit_url, pk=item.pk)
    return render(request, kind.template, {"form": form, kind.model._meta.model_name: None})


def _edit(request, kind: Recordings, pk):
    item = _editable_recording(request, kind, pk)
    form = _form(request, kind, instance=item)
    if request.method == "POST" and form.is_valid():
        kind.save(form)
        messages.success(request, kind.saved)
        return redirect(kind.edit_url, pk=item.pk)
    now = timezone.now()
    context = {
        "form": form,
        kind.model._meta.model_name: item,
        "publish_form": PublishForm(),
        "is_scheduled": item.is_scheduled(now),
        "is_visible": item.is_visible(now),
    }
    return render(request, kind.template, context)


def _publish(request, kind: Recordings, pk):
    item = _editable_recording(request, kind, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("publish_at", [])))
        return redirect(kind.edit_url, pk=item.pk)
    at = form.cleaned_data["publish_at"]
    try:
        services.publish_recording(item, at)
    except services.VideoRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, kind.scheduled if at and at > timezone.now() else kind.published)
    return redirect(kind.edit_url, pk=item.pk)


def _unpublish(request, kind: Recordings, pk):
    item = _editable_recording(request, kind, pk)
    if item.state == Story.State.PUBLISHED:
        services.unpublish_recording(item)
        messages.success(request, kind.unpublished)
    return redirect(kind.edit_url, pk=item.pk)


@login_required
def episode_create(request):
    return _create(request, EPISODES)


@login_required
def episode_edit(request, pk):
    return _edit(request, EPISODES, pk)


@login_required
@require_POST
def episode_publish(request, pk):
    return _publish(request, EPISODES, pk)


@login_required
@require_POST
def episode_unpublish(request, pk):
    return _unpublish(request, EPISODES, pk)


@login_required
def video_create(request):
    return _create(request, VIDEOS)


@login_required
def video_edit(request, pk):
    return _edit(request, VIDEOS, pk)


@login_required
@require_POST
def video_publish(request, pk):
    return _publish(request, VIDEOS, pk)


@login_required
@require_POST
def video_unpublish(request, pk):
    return _unpublish(request, VIDEOS, pk)
