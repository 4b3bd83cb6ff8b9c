"""Who may read, write and publish stories. One function per capability.

Editors are appointed by staff in the back-office (`Editor`): about every
territory, or about one and the divisions inside it. Staff powers need a
session that passed the second factor."""

from django.db.models import Q

from terreau.accounts.permissions import has_staff_powers

from .models import Editor, Episode, Story, Video


def _roles(user):
    if user is None or not user.is_authenticated:
        return Editor.objects.none()
    return Editor.objects.filter(person=user)


def is_editor(user) -> bool:
    return has_staff_powers(user) or _roles(user).exists()


def edits_territory(user, territory) -> bool:
    """Staff, an editor of every territory, or an editor of this territory
    or of one containing it (its intercommunality, département, région)."""
    if has_staff_powers(user):
        return True
    ids = {territory.pk, territory.epci_id, territory.departement_id, territory.region_id}
    ids.discard(None)
    return _roles(user).filter(Q(territory__isnull=True) | Q(territory__in=ids)).exists()


def can_edit_story(user, story: Story) -> bool:
    """Only editors of the story's territory write, publish, correct or
    unpublish it; an editor of another territory sees it only once
    published, like everyone."""
    return edits_territory(user, story.territory)


def can_view_story(user, story: Story, now) -> bool:
    return story.is_visible(now) or can_edit_story(user, story)


def can_edit_episode(user, episode: Episode) -> bool:
    return edits_territory(user, episode.territory)


def can_view_episode(user, episode: Episode, now) -> bool:
    return episode.is_visible(now) or can_edit_episode(user, episode)


def can_edit_video(user, item: Video) -> bool:
    return edits_territory(user, item.territory)


def can_view_video(user, item: Video, now) -> bool:
    return item.is_visible(now) or can_edit_video(user, item)


def _editable(user, queryset):
    if has_staff_powers(user):
        return queryset
    roles = list(_roles(user).values_list("territory", flat=True))
    if not roles:
        return queryset.none()
    if None in roles:
        return queryset
    return queryset.filter(
        Q(territory__in=roles)
        | Q(territory__epci__in=roles)
        | Q(territory__departement__in=roles)
        | Q(territory__region__in=roles)
    )


def editable_stories(user):
    """The stories on `user`'s desk."""
    return _editable(user, Story.objects.all())


def editable_episodes(user):
    """The episodes on `user`'s desk: those of the same territories."""
    return _editable(user, Episode.objects.all())


def editable_videos(user):
    return _editable(user, Video.objects.all())


def territories_edited(user):
    """The territories `user` may write about, for the story form: None
    stands for every territory."""
    if has_staff_powers(user):
        return None
    roles = list(_roles(user).values_list("territory", flat=True))
    return None if None in roles else roles
