"""Writes of the cooperative's governance, by subject:

- `members`: applications, payments, the register's share movements;
- `assemblies`: convocation, proxies, votes, the count and its publication;
- `consultations`: amendments, comments, supports, answers;
- `rules`: the rules of voting and the consultations, written to the trail.

Each write is atomic, checks its rule, raises `GovernanceRefused` with a
French message, and writes its audit entry in the same transaction: an event
is in the trail if and only if it happened. Callers use `services.<name>`;
the names below are the whole public surface.
"""

from .assemblies import (
    cast_votes,
    convene,
    count_resolution,
    decide,
    give_proxy,
    note_opening,
    open_ballot_box,
    publish_results,
    revoke_proxy,
    voices,
    why_not_voting,
)
from .common import GovernanceRefused, lock_cooperative
from .consultations import answer_amendment, comment, propose_amendment, toggle_support
from .members import (
    apply_for_membership,
    cancel_application,
    record_movement,
    record_payment,
)
from .rules import publish_consultation, record_rules

__all__ = [
    "GovernanceRefused",
    "answer_amendment",
    "apply_for_membership",
    "cancel_application",
    "cast_votes",
    "comment",
    "convene",
    "count_resolution",
    "decide",
    "give_proxy",
    "lock_cooperative",
    "note_opening",
    "open_ballot_box",
    "propose_amendment",
    "publish_consultation",
    "publish_results",
    "record_movement",
    "record_payment",
    "record_rules",
    "revoke_proxy",
    "toggle_support",
    "voices",
    "why_not_voting",
]
