"""General assemblies: convocation, proxies, votes (public and sealed), the
count and the publication of results, the decrees they adopt. Each write is
atomic and writes its audit entry in the same transaction.
"""

from collections import defaultdict
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.core.formatting import day_fr, moment_fr

from .. import audit, ballot_box, disclosure, tally
from ..formatting import exact, percent
from ..models import (
    Assembly,
    AuditEntry,
    Ballot,
    College,
    Cooperative,
    CountedBallot,
    Decree,
    DecreeVersion,
    Member,
    Proxy,
    Resolution,
    Signature,
    Vote,
)
from .common import GovernanceRefused, lock_cooperative, queue_mail

Action = AuditEntry.Action


@transaction.atomic
def convene(*, assembly: Assembly, now=None) -> int:
    """Freeze the colleges' weights and the majority, e-mail every member the
    convocation, open the assembly's page. Returns the number of e-mails."""
    now = now or timezone.now()
    lock_cooperative()
    caller, assembly = assembly, Assembly.objects.select_for_update().get(pk=assembly.pk)
    if assembly.convened_at:
        raise GovernanceRefused(_("Cette assemblée est déjà convoquée."), code="already")
    if not assembly.resolutions.exists():
        raise GovernanceRefused(
            _("Inscrivez au moins une résolution à l'ordre du jour."), code="no-resolution"
        )
    if assembly.voting_closes_at <= now:
        raise GovernanceRefused(_("La clôture du vote est déjà passée."), code="past")
    colleges = list(College.objects.all())
    problems = tally.weight_problems(college.weight for college in colleges)
    if problems:
        raise GovernanceRefused(" ".join(problems), code="weights")
    cooperative = Cooperative.load()
    notice = cooperative.notice(assembly.convocation)
    earliest = now + notice
    if min(assembly.starts_at, assembly.voting_opens_at) < earliest:
        raise GovernanceRefused(
            _(
                "Les statuts demandent %(days)d jours entre la convocation et l'assemblée : "
                "convoquée maintenant, sa séance et l'ouverture du vote ne peuvent être avant le "
                "%(earliest)s. Changez leurs dates, puis convoquez."
            )
            % {"days": notice.days, "earliest": moment_fr(timezone.localtime(earliest))},
            code="notice",
        )
    majority = cooperative.majority(assembly.kind)
    quorum = cooperative.quorum(assembly.kind, assembly.convocation)
    assembly.quorum = "%d/%d" % (quorum.numerator, quorum.denominator)
    assembly.electorate = (
        Member.objects.active()
        .filter(admitted_on__lte=timezone.localdate(now), college__in=colleges)
        .count()
    )
    assembly.secrecy_minimum = cooperative.secrecy_minimum
    assembly.college_weights = {
        str(c.pk): {"name": c.name, "weight": str(c.weight)} for c in colleges
    }
    assembly.majority = "%d/%d" % (majority.fraction.numerator, majority.fraction.denominator)
    assembly.majority_inclusive = majority.inclusive
    assembly.convened_at = now
    assembly.ballot_public_key, assembly.ballot_private_key = ballot_box.new_key_pair()
    assembly.save(
        update_fields=[
            "college_weights",
            "majority",
            "majority_inclusive",
            "quorum",
            "electorate",
            "secrecy_minimum",
            "convened_at",
            "ballot_public_key",
            "ballot_private_key",
        ]
    )
    head = audit.record(
        Action.ASSEMBLY_CONVENED,
        "Assemblée générale %s « %s » convoquée ; vote du %s au %s"
        % (
            assembly.get_kind_display(),
            assembly.title,
            timezone.localtime(assembly.voting_opens_at).strftime("%d/%m/%Y %H:%M"),
            timezone.localtime(assembly.voting_closes_at).strftime("%d/%m/%Y %H:%M"),
        ),
        at=now,
        assembly=assembly.pk,
        kind=assembly.kind,
        weights={v["name"]: v["weight"] for v in assembly.college_weights.values()},
        majority=majority.describe(),
        convocation=assembly.convocation,
        quorum=assembly.quorum,
        electorate=assembly.electorate,
        secrecy_minimum=assembly.secrecy_minimum,
        resolutions=list(assembly.resolutions.values_list("number", "title", "is_secret")),
    )
    assembly.convocation_head_number, assembly.convocation_head_hash = head.number, head.hash
    assembly.save(update_fields=["convocation_head_number", "convocation_head_hash"])
    recipients = list(Member.objects.active().values_list("person__email", flat=True))
    # One e-mail per member (nobody sees the others' addresses), queued with
    # the convocation itself.
    queue_mail(
        "convocation:%d" % assembly.pk,
        recipients,
        _("Convocation : %(title)s") % {"title": assembly.title},
        "governance/email/convocation.txt",
        {"assembly": assembly, "resolutions": list(assembly.resolutions.all())},
    )
    caller.refresh_from_db()
    return len(recipients)


def note_opening(assembly: Assembly, now=None) -> None:
    """Write "vote ouvert" to the trail once, the first time anyone looks at
    or votes in an assembly whose voting window has begun."""
    now = now or timezone.now()
    if assembly.opening_recorded or not assembly.convened_at or now < assembly.voting_opens_at:
        return
    with transaction.atomic():
        lock_cooperative()  # before the assembly's row: the order every writer keeps
        if Assembly.objects.filter(pk=assembly.pk, opening_recorded=False).update(
            opening_recorded=True
        ):
            audit.record(
                Action.BALLOT_OPENED,
                "Vote ouvert pour l'assemblée « %s » (ouverture prévue le %s)"
                % (
                    assembly.title,
                    timezone.localtime(assembly.voting_opens_at).strftime("%d/%m/%Y %H:%M"),
                ),
                at=max(now, assembly.voting_opens_at),
                assembly=assembly.pk,
            )
    assembly.opening_recorded = True


def _check_voting_member(member: Member | None, assembly: Assembly) -> Member:
    if member is None or not member.is_active:
        raise GovernanceRefused(
            _("Seuls les sociétaires votent en assemblée générale."), code="not-member"
        )
    if assembly.convened_at and member.admitted_on > timezone.localdate(assembly.convened_at):
        raise GovernanceRefused(
            _(
                "Le sociétaire n° %(n)d a été admis le %(admitted)s, après la convocation de cette "
                "assemblée (le %(convened)s) : seuls les sociétaires admis avant la convocation "
                "y votent, et la liste des votants est arrêtée à cette date."
            )
            % {
                "n": member.number,
                "admitted": day_fr(member.admitted_on),
                "convened": day_fr(timezone.localdate(assembly.convened_at)),
            },
            code="admitted-after",
        )
    if str(member.college_id) not in assembly.college_weights:
        raise GovernanceRefused(
            _("Votre collège n'existait pas lors de la convocation."), code="college"
        )
    return member


def _check_window(assembly: Assembly, now) -> None:
    if not assembly.convened_at:
        raise GovernanceRefused(_("Cette assemblée n'est pas encore convoquée."), code="draft")
    if now < assembly.voting_opens_at:
        raise GovernanceRefused(
            _("Le vote ouvre le %(when)s.")
            % {"when": timezone.localtime(assembly.voting_opens_at).strftime("%d/%m/%Y à %H:%M")},
            code="not-open",
        )
    if now >= assembly.voting_closes_at:
        raise GovernanceRefused(_("Le vote est clos."), code="closed")


def _has_voted(member: Member, assembly: Assembly) -> bool:
    return (
        Vote.objects.filter(resolution__assembly=assembly, member=member).exists()
        or Signature.objects.filter(resolution__assembly=assembly, member=member).exists()
    )


@transaction.atomic
def give_proxy(*, assembly: Assembly, person, holder_number: int, now=None) -> Proxy:
    now = now or timezone.now()
    giver = _check_voting_member(Member.objects.active_of(person), assembly)
    if not assembly.convened_at or now >= assembly.voting_closes_at:
        raise GovernanceRefused(
            _("Les procurations se donnent entre la convocation et la clôture du vote."),
            code="window",
        )
    holder = Member.objects.active().select_for_update().filter(number=holder_number).first()
    if holder is None:
        raise GovernanceRefused(
            _("Aucun sociétaire en activité ne porte le numéro %(n)s.") % {"n": holder_number},
            code="unknown-holder",
        )
    if holder.pk == giver.pk:
        raise GovernanceRefused(_("On ne se donne pas procuration à soi-même."), code="self")
    _check_voting_member(holder, assembly)
    if holder.college_id != giver.college_id:
        raise GovernanceRefused(
            _("Une procuration se donne à un sociétaire de votre collège (%(college)s).")
            % {"college": giver.college.name},
            code="other-college",
        )
    if _has_voted(giver, assembly):
        raise GovernanceRefused(
            _("Vous avez déjà voté à cette assemblée : la procuration n'a plus d'objet."),
            code="voted",
        )
    if Proxy.objects.current().filter(assembly=assembly, giver=holder).exists():
        raise GovernanceRefused(
            _("Ce sociétaire a lui-même donné procuration : choisissez quelqu'un d'autre."),
            code="holder-gave",
        )
    cap = Cooperative.load().proxy_cap
    # The holder's row is locked above: two givers cannot both take the last place.
    if Proxy.objects.current().filter(assembly=assembly, holder=holder).count() >= cap:
        raise GovernanceRefused(
            _("Ce sociétaire détient déjà %(cap)d procuration(s), le plafond des statuts.")
            % {"cap": cap},
            code="cap",
        )
    try:
        with transaction.atomic():
            proxy = Proxy.objects.create(assembly=assembly, giver=giver, holder=holder)
    except IntegrityError:
        raise GovernanceRefused(
            _("Vous avez déjà donné procuration pour cette assemblée."), code="duplicate"
        ) from None
    if holder.person.notify_governance:
        queue_mail(
            "proxy:%d" % proxy.pk,
            [holder.person.email],
            _("Procuration reçue pour « %(title)s »") % {"title": assembly.title},
            "governance/email/proxy.txt",
            {"assembly": assembly, "giver": giver},
        )
    return proxy


@transaction.atomic
def revoke_proxy(*, assembly: Assembly, person, now=None) -> None:
    """Possible until the holder has voted at this assembly."""
    now = now or timezone.now()
    giver = Member.objects.active_of(person)
    proxy = (
        Proxy.objects.current()
        .select_for_update()
        .filter(assembly=assembly, giver=giver)
        .select_related("holder")
        .first()
        if giver
        else None
    )
    if proxy is None:
        raise GovernanceRefused(_("Vous n'avez pas de procuration en cours."), code="none")
    if now >= assembly.voting_closes_at:
        raise GovernanceRefused(_("Le vote est clos."), code="closed")
    holder_voted = (
        Vote.objects.filter(resolution__assembly=assembly, cast_by=proxy.holder).exists()
        or Signature.objects.filter(resolution__assembly=assembly, cast_by=proxy.holder).exists()
    )
    if holder_voted:
        raise GovernanceRefused(
            _("Le sociétaire n° %(n)d a déjà voté : la procuration ne peut plus être révoquée.")
            % {"n": proxy.holder.number},
            code="holder-voted",
        )
    proxy.revoked_at = now
    proxy.save(update_fields=["revoked_at"])


def why_not_voting(member: Member, assembly: Assembly) -> str | None:
    """Why `member` takes no part in this assembly's votes (admitted after
    the convocation, a college created since), in French; None when they do."""
    try:
        _check_voting_member(member, assembly)
    except GovernanceRefused as refusal:
        return refusal.message
    return None


def voices(person, assembly: Assembly) -> list[Member]:
    """The members a person may vote for at this assembly: themself (unless
    they gave a proxy or take no part in it) and those who gave them a proxy."""
    member = Member.objects.active_of(person)
    if member is None or why_not_voting(member, assembly):
        return []
    given = Proxy.objects.current().filter(assembly=assembly, giver=member).exists()
    givers = [
        proxy.giver
        for proxy in Proxy.objects.current()
        .filter(assembly=assembly, holder=member)
        .select_related("giver")
        if why_not_voting(proxy.giver, assembly) is None
    ]
    return ([] if given else [member]) + givers


@transaction.atomic
def cast_votes(
    *, assembly: Assembly, person, on_behalf_of: int, choices: dict[int, str], now=None
) -> list[tuple[Resolution, str | None]]:
    """Cast one voice's votes on the resolutions of `choices` (resolution id →
    choice), all or none. Returns (resolution, receipt or None) per vote:
    secret ballots give a receipt, public ones do not."""
    now = now or timezone.now()
    _check_window(assembly, now)
    # Every vote ends in audit.record, which locks the cooperative's row until
    # commit. Taking that lock first keeps one order (cooperative, then vote
    # rows) for every voter: two transactions could otherwise each hold what
    # the other waits for, one a vote row, the other the cooperative's row.
    lock_cooperative()
    note_opening(assembly, now)
    voter = _check_voting_member(Member.objects.active_of(person), assembly)
    if on_behalf_of == voter.number:
        represented = voter
        if Proxy.objects.current().filter(assembly=assembly, giver=voter).exists():
            raise GovernanceRefused(
                _("Vous avez donné procuration : révoquez-la pour voter vous-même."),
                code="gave-proxy",
            )
    else:
        proxy = (
            Proxy.objects.current()
            .filter(assembly=assembly, holder=voter, giver__number=on_behalf_of)
            .select_related("giver")
            .first()
        )
        if proxy is None:
            raise GovernanceRefused(
                _("Vous ne détenez pas de procuration de ce sociétaire pour cette assemblée."),
                code="no-proxy",
            )
        represented = _check_voting_member(proxy.giver, assembly)
    if not choices:
        raise GovernanceRefused(_("Choisissez au moins une réponse."), code="empty")
    resolutions = {r.pk: r for r in Resolution.objects.filter(pk__in=list(choices))}
    results = []
    for resolution_id, choice in choices.items():
        resolution = resolutions.get(resolution_id)
        if resolution is None or resolution.assembly_id != assembly.pk:
            raise GovernanceRefused(
                _("Cette résolution n'est pas à l'ordre du jour de cette assemblée."),
                code="other-assembly",
            )
        if choice not in tally.CHOICES:
            raise GovernanceRefused(_("Réponse inconnue."), code="choice")
        try:
            with transaction.atomic():
                if resolution.is_secret:
                    # The roll says who; the box holds the choice sealed with
                    # the assembly's public key, opened only at the count, in
                    # a shuffled order (ballot_box, docs/secret-ballot.md).
                    Signature.objects.create(
                        resolution=resolution, member=represented, cast_by=voter
                    )
                    sealed = ballot_box.seal(_ballot_public_key(assembly), choice)
                    receipt = Ballot.objects.create(
                        resolution=resolution,
                        college_id=represented.college_id,
                        sealed=sealed,
                        tracker=ballot_box.tracker(sealed),
                    ).tracker
                else:
                    Vote.objects.create(
                        resolution=resolution,
                        member=represented,
                        college_id=represented.college_id,
                        choice=choice,
                        cast_by=voter,
                    )
                    receipt = None
        except IntegrityError:
            raise GovernanceRefused(
                _(
                    "Un vote est déjà enregistré pour le sociétaire n° %(n)d sur la résolution n° %(r)d."
                )
                % {"n": represented.number, "r": resolution.number},
                code="already-voted",
            ) from None
        data = {
            "assembly": assembly.pk,
            "resolution": resolution.number,
            "member": represented.number,
            "cast_by": voter.number,
            "ballot": "secret" if resolution.is_secret else "public",
        }
        if not resolution.is_secret:
            data["choice"] = choice
        audit.record(
            Action.VOTE_CAST,
            "Vote du sociétaire n° %d sur la résolution n° %d%s"
            % (
                represented.number,
                resolution.number,
                " (par procuration, n° %d)" % voter.number if represented != voter else "",
            ),
            at=now,
            **data,
        )
        results.append((resolution, receipt))
    return results


def _ballot_public_key(assembly: Assembly) -> str:
    """The key that seals the assembly's secret ballots, read from the
    database (the caller's object may be older than the convocation); made
    now for an assembly convened before ballots were sealed. Called under the
    cooperative's lock, as every vote is."""
    public_key = (
        Assembly.objects.filter(pk=assembly.pk).values_list("ballot_public_key", flat=True).get()
    )
    if not public_key:
        public_key, private_key = ballot_box.new_key_pair()
        Assembly.objects.filter(pk=assembly.pk).update(
            ballot_public_key=public_key, ballot_private_key=private_key
        )
    return public_key


def open_ballot_box(assembly: Assembly) -> None:
    """At the count: open every sealed ballot of the assembly's secret
    ballots, write the choices to `CountedBallot` in a shuffled order, one
    statement per resolution (one transaction id, no order of voting), then
    erase the ciphertexts and the private key. Runs inside publish_results."""
    secret_resolutions = [r for r in assembly.resolutions.all() if r.is_secret]
    if assembly.ballot_private_key is not None:
        private_key = ballot_box.open_private_key(assembly.ballot_private_key)
        for resolution in secret_resolutions:
            opened = [
                CountedBallot(
                    resolution=resolution,
                    college_id=college_id,
                    choice=ballot_box.unseal(private_key, sealed),
                )
                for college_id, sealed in resolution.ballots.values_list("college_id", "sealed")
            ]
            CountedBallot.objects.bulk_create(ballot_box.shuffled(opened))
            resolution.ballots.update(sealed=b"")
    Assembly.objects.filter(pk=assembly.pk).update(ballot_private_key=None)
    assembly.ballot_private_key = None


def count_resolution(resolution: Resolution) -> dict[str, tally.Counts]:
    """Counts per college id (as a string), from the opened box or the public
    votes."""
    rows = (resolution.counted_ballots if resolution.is_secret else resolution.votes).values_list(
        "college_id", "choice"
    )
    by_college = defaultdict(list)
    for college_id, choice in rows:
        by_college[str(college_id)].append(choice)
    return {key: tally.Counts.of(choices) for key, choices in by_college.items()}


def decide(resolution: Resolution, assembly: Assembly) -> dict:
    """The tally of one resolution, as stored in `Resolution.result`:
    counts as integers, weights, shares and the result as exact fractions
    ("5/8", None for a college without votes cast), the majority as its
    fraction and whether reaching it is enough, and the rule's text as it
    was applied. Templates format them (`governance.formatting`)."""
    weights = {
        key: Fraction(college["weight"]) / 100 for key, college in assembly.college_weights.items()
    }
    result = tally.tally(count_resolution(resolution), weights, assembly.get_majority())
    return {
        "colleges": [
            {
                "name": assembly.college_weights[c.key]["name"],
                "weight": exact(c.weight),
                "pour": c.counts.pour,
                "contre": c.counts.contre,
                "abstention": c.counts.abstention,
                "blanc": c.counts.blanc,
                "cast": c.counts.cast,
                "share": exact(c.share),
                "effective_weight": exact(c.effective_weight),
            }
            for c in result.colleges
        ],
        "votes": result.votes,
        "result": exact(result.result),
        "majority": {
            "fraction": exact(result.majority.fraction),
            "inclusive": result.majority.inclusive,
        },
        "adopted": result.adopted,
        "rule": tally.RULE,
    }


def publishable(resolution: Resolution, assembly: Assembly, quorum: dict) -> dict:
    """What `Resolution.result` stores and the minutes show: the decision,
    which needs the quorum; for a secret ballot, only the figures that do
    not tell how a member of a small college voted (`disclosure`)."""
    decided = decide(resolution, assembly)
    decided["quorum"] = quorum
    decided["adopted"] = decided["adopted"] and quorum["reached"]
    if resolution.is_secret:
        minimum = assembly.secrecy_minimum or Cooperative._meta.get_field("secrecy_minimum").default
        decided = disclosure.disclose(decided, minimum)
        decided["secrecy_rule"] = disclosure.RULE % {"minimum": minimum}
    return decided


def _quorum(assembly: Assembly, voters: int) -> dict:
    """The quorum frozen at convocation against the members who voted
    (themselves or by proxy). Assemblies convened before quorums were
    recorded have none."""
    required = Fraction(assembly.quorum or "0")
    electorate = assembly.electorate or 0
    reached = required == 0 or (electorate > 0 and Fraction(voters, electorate) >= required)
    return {
        "required": exact(required),
        "electorate": electorate,
        "voters": voters,
        "reached": reached,
    }


@transaction.atomic
def publish_results(*, assembly: Assembly, now=None) -> list[Resolution]:
    """After the window closes: count, publish, adopt the decrees of adopted
    resolutions. Nothing is counted before."""
    now = now or timezone.now()
    lock_cooperative()
    caller, assembly = assembly, Assembly.objects.select_for_update().get(pk=assembly.pk)
    if not assembly.convened_at:
        raise GovernanceRefused(_("Cette assemblée n'a pas été convoquée."), code="draft")
    if now < assembly.voting_closes_at:
        raise GovernanceRefused(
            _("Le vote n'est pas clos : aucun résultat avant la clôture."), code="open"
        )
    if assembly.results_published_at:
        raise GovernanceRefused(_("Les résultats sont déjà publiés."), code="published")
    note_opening(assembly, now)
    resolutions = list(assembly.resolutions.select_related("decree__law", "decree_law"))
    voters = len(
        set(Vote.objects.filter(resolution__assembly=assembly).values_list("member", flat=True))
        | set(
            Signature.objects.filter(resolution__assembly=assembly).values_list("member", flat=True)
        )
    )
    quorum = _quorum(assembly, voters)
    audit.record(
        Action.BALLOT_CLOSED,
        "Vote clos pour l'assemblée « %s » : %d sociétaire(s) ont voté sur %d%s"
        % (
            assembly.title,
            voters,
            quorum["electorate"],
            "" if quorum["reached"] else " ; quorum non atteint, aucune résolution n'est adoptée",
        ),
        at=max(now, assembly.voting_closes_at),
        assembly=assembly.pk,
        voters=voters,
        quorum=quorum,
    )
    open_ballot_box(assembly)
    for resolution in resolutions:
        resolution.result = publishable(resolution, assembly, quorum)
        resolution.save(update_fields=["result"])
        published = resolution.result
        if not quorum["reached"]:
            outcome = "quorum non atteint, pas de décision"
        elif published["result"] is None and published.get("withheld"):
            outcome = "%s (résultat pondéré non publié : secret des petits collèges)" % (
                "adoptée" if published["adopted"] else "rejetée"
            )
        else:
            outcome = "%s (%s pour)" % (
                "adoptée" if published["adopted"] else "rejetée",
                percent(published["result"]),
            )
        audit.record(
            Action.TALLY_PUBLISHED,
            "Résolution n° %d « %s » : %s" % (resolution.number, resolution.title, outcome),
            at=now,
            assembly=assembly.pk,
            resolution=resolution.number,
            result=published["result"],
            adopted=published["adopted"],
            quorum_reached=quorum["reached"],
            colleges={
                c["name"]: [c[key] for key in disclosure.COUNTS]
                for c in published["colleges"]
                if not c.get("withheld")
            },
        )
        if resolution.result["adopted"] and resolution.adopts_decree:
            _adopt_decree(resolution, now)
    head = AuditEntry.objects.order_by("-number").first()
    assembly.results_published_at = now
    assembly.minutes_head_number, assembly.minutes_head_hash = head.number, head.hash
    assembly.save(
        update_fields=["results_published_at", "minutes_head_number", "minutes_head_hash"]
    )
    caller.refresh_from_db()
    return resolutions


def _adopt_decree(resolution: Resolution, now) -> DecreeVersion:
    if resolution.decree_id:
        decree = resolution.decree
        version = (decree.versions.aggregate(v=Max("version"))["v"] or 0) + 1
    else:
        law = resolution.decree_law
        number = (law.decrees.aggregate(n=Max("number"))["n"] or 0) + 1
        decree = Decree.objects.create(law=law, number=number, title=resolution.decree_title)
        version = 1
    adopted = DecreeVersion.objects.create(
        decree=decree,
        version=version,
        text=resolution.decree_text,
        resolution=resolution,
        adopted_on=timezone.localdate(now),
    )
    audit.record(
        Action.DECREE_ADOPTED,
        "Décret %d.%d « %s » adopté (version %d) par la résolution n° %d"
        % (decree.law.number, decree.number, decree.title, version, resolution.number),
        at=now,
        law=decree.law.number,
        decree=decree.number,
        version=version,
        assembly=resolution.assembly_id,
        resolution=resolution.number,
    )
    return adopted
