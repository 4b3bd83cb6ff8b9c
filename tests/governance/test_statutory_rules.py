"""Assemblies a real SCIC could hold: the quorum, the notice period, the
secret of a college with one or two voters, and a member told why they do
not vote instead of being shown a form that refuses them."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from terreau.governance import services
from terreau.governance.models import Assembly, AuditEntry, Decree, Law, Member, Resolution
from tests.governance.factories import assembly, convene_with_notice, cooperative, member
from tests.html import squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleges(territories):
    return cooperative()


def vote(person, meeting, choice, now=None):
    voter = Member.objects.active_of(person)
    services.cast_votes(
        assembly=meeting,
        person=person,
        on_behalf_of=voter.number,
        choices={r.pk: choice for r in meeting.resolutions.all()},
        now=now,
    )


def adopting_a_decree(meeting):
    Resolution.objects.filter(assembly=meeting).update(
        decree_law=Law.objects.get(number=4),
        decree_title="Poids des pages",
        decree_text="Une page pèse moins de 14 Ko.",
    )


# The quorum ------------------------------------------------------------------


def test_below_the_quorum_nothing_is_adopted_and_the_minutes_say_so(client, colleges):
    """The reported case: 3 of 61 members voted and a decree was adopted.
    Ordinary assembly, first convocation: a fifth of the members must vote."""
    members = [member(colleges[i % 5]) for i in range(10)]
    meeting = assembly(convene=False)
    adopting_a_decree(meeting)
    convene_with_notice(meeting)
    meeting.refresh_from_db()
    assert (meeting.quorum, meeting.electorate) == ("1/5", 10)
    vote(members[0].person, meeting, "pour")  # 1 of 10: below 1/5
    with time_machine.travel(meeting.voting_closes_at):
        services.publish_results(assembly=meeting)
    result = meeting.resolutions.get().result
    assert result["quorum"] == {"required": "1/5", "electorate": 10, "voters": 1, "reached": False}
    assert result["adopted"] is False
    assert not Decree.objects.exists()
    minutes = squeeze(client.get(reverse("governance:minutes", args=[meeting.pk])).content.decode())
    assert "Quorum non atteint" in minutes
    assert "Adoptée" not in minutes
    assert "1 sociétaires sur 10" in minutes
    tally = AuditEntry.objects.get(action="tally_published")
    assert "quorum non atteint" in tally.summary
    assert tally.data["adopted"] is False


def test_at_the_quorum_the_decision_is_taken(colleges):
    members = [member(colleges[i % 5]) for i in range(10)]
    meeting = assembly(convene=False)
    adopting_a_decree(meeting)
    convene_with_notice(meeting)
    vote(members[0].person, meeting, "pour")
    vote(members[1].person, meeting, "pour")  # 2 of 10: a fifth
    with time_machine.travel(meeting.voting_closes_at):
        services.publish_results(assembly=meeting)
    assert meeting.resolutions.get().result["adopted"] is True
    assert Decree.objects.get().title == "Poids des pages"


def test_a_second_convocation_of_an_ordinary_assembly_needs_no_quorum(colleges):
    members = [member(colleges[i % 5]) for i in range(10)]
    meeting = assembly(convene=False)
    Assembly.objects.filter(pk=meeting.pk).update(convocation=Assembly.Convocation.SECOND)
    meeting.refresh_from_db()
    convene_with_notice(meeting)
    vote(members[0].person, meeting, "pour")
    with time_machine.travel(meeting.voting_closes_at):
        services.publish_results(assembly=meeting)
    result = meeting.resolutions.get().result
    assert result["quorum"]["reached"] is True
    assert result["adopted"] is True


def test_an_extraordinary_assembly_needs_a_quarter_at_first_convocation(colleges):
    members = [member(colleges[i % 5]) for i in range(8)]
    meeting = assembly(kind=Assembly.Kind.EXTRAORDINARY)
    vote(members[0].person, meeting, "pour")  # 1 of 8: below 1/4
    with time_machine.travel(meeting.voting_closes_at):
        services.publish_results(assembly=meeting)
    assert meeting.resolutions.get().result["quorum"]["reached"] is False


# The notice ------------------------------------------------------------------


def test_an_assembly_cannot_be_convened_a_minute_before_its_vote(colleges):
    now = timezone.now()
    hurried = assembly(
        convene=False,
        opens=now + datetime.timedelta(minutes=1),
        closes=now + datetime.timedelta(days=20),
    )
    with pytest.raises(services.GovernanceRefused, match="15 jours") as refusal:
        services.convene(assembly=hurried, now=now)
    assert refusal.value.code == "notice"
    hurried.refresh_from_db()
    assert hurried.convened_at is None
    assert not AuditEntry.objects.exists()
    # Fifteen days before both the session and the opening of the vote: fine.
    on_time = assembly(
        convene=False,
        opens=now + datetime.timedelta(days=15, minutes=1),
        closes=now + datetime.timedelta(days=20),
    )
    services.convene(assembly=on_time, now=now)
    assert on_time.convened_at == now


def test_a_second_convocation_needs_ten_days(colleges):
    now = timezone.now()
    second = assembly(
        convene=False,
        opens=now + datetime.timedelta(days=11),
        closes=now + datetime.timedelta(days=13),
    )
    with pytest.raises(services.GovernanceRefused, match="15 jours"):
        services.convene(assembly=second, now=now)
    Assembly.objects.filter(pk=second.pk).update(convocation=Assembly.Convocation.SECOND)
    second.refresh_from_db()
    services.convene(assembly=second, now=now)
    assert second.convened_at == now


# The secret of small colleges ------------------------------------------------


def published_pages(client, meeting, lone, lone_choice, others):
    """Everyone in `others` votes « pour », the lone citizen `lone_choice`;
    the count is published at a fixed time; returns what the public reads
    (the minutes and the journal), then undoes it all."""
    pages = {}

    class RollBack(Exception):
        pass

    meeting.refresh_from_db()  # what the other world noted in memory is gone
    try:
        with transaction.atomic():
            at = meeting.voting_opens_at + datetime.timedelta(hours=1)
            for other in others:
                vote(other.person, meeting, "pour", now=at)
            vote(lone.person, meeting, lone_choice, now=at)
            services.publish_results(
                assembly=meeting, now=meeting.voting_closes_at + datetime.timedelta(minutes=1)
            )
            client.logout()
            for name in ("minutes", "audit"):
                url = (
                    reverse("governance:minutes", args=[meeting.pk])
                    if name == "minutes"
                    else reverse("governance:audit")
                )
                pages[name] = squeeze(client.get(url).content.decode())
            ballots = client.get(
                reverse("governance:ballots", args=[meeting.resolutions.get().pk])
            ).content.decode()
            # Receipts are random and listed in their order: the cells, sorted.
            pages["ballots"] = sorted(
                re.findall(
                    r"<td>([^<]*)</td>",
                    re.sub(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", "RECU", ballots),
                )
            )
            pages["stored"] = str(meeting.resolutions.get().result)
            raise RollBack
    except RollBack:
        pass
    return pages


def test_a_college_with_one_voter_reveals_nothing_of_their_ballot(client, colleges):
    """The reported case: « Citoyens 1 pour ». Whether the only citizen voted
    « pour » or « contre », every public page is the same, byte for byte."""
    founders = [member(colleges[0]) for _ in range(3)]
    places = [member(colleges[3]) for _ in range(3)]
    citizen = member(colleges[2])
    meeting = assembly(secret=(True,))
    said_pour = published_pages(client, meeting, citizen, "pour", founders + places)
    said_contre = published_pages(client, meeting, citizen, "contre", founders + places)
    assert said_pour == said_contre
    minutes = said_pour["minutes"]
    assert "Adoptée" in minutes  # 40 of 70 at worst: the decision does not depend on it
    assert "moins de votants que le seuil du secret" in minutes
    assert "résultat pondéré n'est pas publié" in minutes
    assert "<td>3</td>" in minutes  # the founders' three « pour » are published
    assert "Citoyens" in said_pour["ballots"]  # the receipt's college, never a choice
    assert not {"pour", "contre"} & set(said_pour["ballots"])


def test_a_college_with_two_voters_is_grouped_or_withheld(client, colleges):
    founders = [member(colleges[0]) for _ in range(3)]
    employees = [member(colleges[1]) for _ in range(2)]
    meeting = assembly(secret=(True,))
    for person in founders + employees:
        vote(person.person, meeting, "pour")
    with time_machine.travel(meeting.voting_closes_at):
        services.publish_results(assembly=meeting)
    result = meeting.resolutions.get().result
    by_name = {c["name"]: c for c in result["colleges"]}
    assert by_name["Salariés"] == {"name": "Salariés", "weight": "3/20", "withheld": True}
    assert by_name["Fondateurs"]["pour"] == 3
    assert result["merged"] == {"names": ["Salariés"]}  # two voters: below three, withheld
    assert result["result"] is None
    entry = AuditEntry.objects.get(action="tally_published")
    assert "Salariés" not in entry.data["colleges"]
    assert "secret des petits collèges" in entry.summary


def test_public_ballots_keep_every_college_figure(colleges):
    """The secret's rule is for secret ballots: a public vote is nominative anyway."""
    citizen = member(colleges[2])
    members = [member(colleges[0]) for _ in range(2)]
    meeting = assembly()
    for voter in [citizen, *members]:
        vote(voter.person, meeting, "pour")
    with time_machine.travel(meeting.voting_closes_at):
        services.publish_results(assembly=meeting)
    by_name = {c["name"]: c for c in meeting.resolutions.get().result["colleges"]}
    assert by_name["Citoyens"]["pour"] == 1


# Who votes -------------------------------------------------------------------


def test_a_member_admitted_after_the_convocation_is_told_instead_of_given_a_form(client, colleges):
    member(colleges[0])
    meeting = assembly()
    late = member(colleges[0], paid_on=timezone.localdate())
    client.force_login(late.person)
    page = unescape(client.get(meeting.get_absolute_url()).content.decode())
    assert "Vous ne votez pas à cette assemblée." in page
    assert "après la convocation de cette assemblée" in page
    assert 'name="v%d-voice"' % late.number not in page
    assert "Donner procuration" not in page


def test_a_member_who_gave_a_proxy_is_told_who_votes_for_them(client, colleges):
    giver, holder = member(colleges[0]), member(colleges[0])
    meeting = assembly()
    services.give_proxy(assembly=meeting, person=giver.person, holder_number=holder.number)
    client.force_login(giver.person)
    page = squeeze(unescape(client.get(meeting.get_absolute_url()).content.decode()))
    assert (
        "Vous avez donné procuration au sociétaire n° %d : il vote pour vous." % (holder.number)
        in page
    )
    assert 'name="v%d-voice"' % giver.number not in page
    assert "Révoquer ma procuration" in page
