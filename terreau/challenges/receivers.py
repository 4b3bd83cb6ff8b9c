"""Listeners of lower apps' signals (see docs/architecture.md)."""

from .models import Participant
from .services import lives_or_acts_in


def recheck_hosts_participations(sender, *, place, **kwargs):
    """A place's hosts may have joined a marathon as people who act in its
    territory through that place. Once it has moved out of the territory,
    a host who neither lives nor acts there any more leaves the marathon;
    the défis they did stay counted (they rest on check-ins)."""
    hosts = place.hosts.values_list("person", flat=True)
    participations = Participant.objects.filter(person__in=hosts).select_related(
        "marathon__territory", "person"
    )
    for participant in participations:
        if participant.marathon.territory.communes().filter(pk=place.commune_id).exists():
            continue
        if not lives_or_acts_in(participant.person, participant.marathon):
            participant.delete()
