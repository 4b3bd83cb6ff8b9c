"""The audit trail: an append-only chain of governance events.

Each entry's hash is the SHA-256 of its canonical JSON form, which includes the
previous entry's hash. Appending takes a lock on the cooperative's row, so two
events never claim the same place in the chain (and `previous_hash` is unique
besides). `verify()` recomputes every hash and says where the chain breaks.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, Cooperative


def entry_hash(
    *, number: int, at, action: str, summary: str, data: dict, previous_hash: str
) -> str:
    canonical = json.dumps(
        {
            "number": number,
            "at": at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            "action": action,
            "summary": summary,
            "data": data,
            "previous_hash": previous_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def record(action: str, summary: str, *, at=None, **data) -> AuditEntry:
    """Append one event. `data` must be JSON-serialisable and must never hold
    a secret ballot's choice. `at` is the time of the event (now by default;
    the demo replays history)."""
    Cooperative.load()
    list(Cooperative.objects.select_for_update().filter(pk=1))
    last = AuditEntry.objects.order_by("-number").first()
    number = last.number + 1 if last else 1
    previous_hash = last.hash if last else AuditEntry.GENESIS
    at = at or timezone.now()
    # Round-trip through JSON so the stored data hashes as it will be read.
    data = json.loads(json.dumps(data, ensure_ascii=False))
    return AuditEntry.objects.create(
        number=number,
        at=at,
        action=action,
        summary=summary,
        data=data,
        previous_hash=previous_hash,
        hash=entry_hash(
            number=number,
            at=at,
            action=action,
            summary=summary,
            data=data,
            previous_hash=previous_hash,
        ),
    )


@dataclass(frozen=True)
class Verification:
    entries: int
    broken_at: int | None  # number of the first entry that does not check out
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def anchors() -> dict[int, tuple[str, str]]:
    """Positions and hashes of the chain published outside the database:
    in each assembly's convocation and minutes. {number: (hash, where)}."""
    from .models import Assembly

    found = {}
    for title, *heads in Assembly.objects.values_list(
        "title",
        "convocation_head_number",
        "convocation_head_hash",
        "minutes_head_number",
        "minutes_head_hash",
    ):
        for number, hash_, where in (
            (heads[0], heads[1], "la convocation de « %s »" % title),
            (heads[2], heads[3], "le procès-verbal de « %s »" % title),
        ):
            if number is not None:
                found[number] = (hash_, where)
    return found


def verify() -> Verification:
    """Walk the whole chain in order, in constant memory, then compare it
    with what was published outside the database (`anchors`) and with the
    member register: a chain cut short (TRUNCATE, the latest entries
    removed) still hashes well, but no longer reaches the heads that members
    received, nor records every member admitted."""
    from .models import Member

    published = anchors()
    expected_previous = AuditEntry.GENESIS
    expected_number = 1
    count = 0
    admitted = 0
    for entry in AuditEntry.objects.order_by("number").iterator(chunk_size=2000):
        count += 1
        if entry.number != expected_number:
            return Verification(count, entry.number, "l'entrée n° %d manque" % expected_number)
        if entry.previous_hash != expected_previous:
            return Verification(count, entry.number, "elle ne désigne pas l'entrée qui la précède")
        recomputed = entry_hash(
            number=entry.number,
            at=entry.at,
            action=entry.action,
            summary=entry.summary,
            data=entry.data,
            previous_hash=entry.previous_hash,
        )
        if recomputed != entry.hash:
            return Verification(count, entry.number, "son contenu a été modifié")
        if entry.number in published and published[entry.number][0] != entry.hash:
            return Verification(
                count,
                entry.number,
                "son empreinte diffère de celle publiée dans %s" % published[entry.number][1],
            )
        admitted += entry.action == AuditEntry.Action.MEMBER_ADMITTED
        expected_previous = entry.hash
        expected_number += 1
    beyond = sorted(number for number in published if number >= expected_number)
    if beyond:
        return Verification(
            count,
            beyond[0],
            "elle manque, alors que %s la cite : la chaîne a été raccourcie"
            % published[beyond[0]][1],
        )
    members = Member.objects.count()
    if admitted < members:
        return Verification(
            count,
            expected_number,
            "la chaîne s'arrête avant des admissions : le registre compte %d sociétaire(s), "
            "le journal %d" % (members, admitted),
        )
    return Verification(count, None)


# How long the journal page trusts a verification of an unchanged chain: a
# new entry verifies at once; a rewrite of older entries that keeps the head
# is seen within this delay (and by `manage.py verify_audit_chain`, which
# always walks the whole chain).
VERIFICATION_TTL = 3600


def verify_cached() -> tuple[Verification, datetime.datetime]:
    """`verify()` once per state of the chain's head, for the public journal
    page: an anonymous visit must not walk 10⁵ entries (5 s). Returns the
    verification and when it ran."""
    head = AuditEntry.objects.order_by("-number").values_list("number", "hash").first()
    key = "governance:audit:verified:%s:%s" % head if head else "governance:audit:verified:empty"
    found = cache.get(key)
    if found is None:
        result = verify()
        found = (result.entries, result.broken_at, result.reason, timezone.now())
        cache.set(key, found, VERIFICATION_TTL)
    entries, broken_at, reason, checked_at = found
    return Verification(entries, broken_at, reason), checked_at
