"""The Boussole's verdict: how the answers about a digital project become a
status per law, and the project's verdict. Pure: answers in, verdict out.

In plain words (`RULE`): each criterion is answered « oui », « en partie »,
« non » or « je ne sais pas ». A law is « non respectée » as soon as one of
its criteria is answered « non »; « à améliorer » when one is « en partie »
or « je ne sais pas » (what is not known is not proven); « respectée » when
all are « oui ». The project's verdict is the status of the first law, in
the order of the laws, that is not respected: a failed higher law is never
compensated by a lower one, so a futile or harmful service cannot buy a good
verdict with a light page. The laws below it are still assessed and shown,
as recommendations. There is no score and no badge.

Verdicts are ordered: a project whose first problem is a lower law is
better off than one whose first problem is a higher law, whatever the
statuses; for the same law, « à améliorer » is better than « non
respectée ». So improving an answer never worsens a verdict, and changing an
answer of a law below the deciding one never changes it (both are tested
with hypothesis in tests/boussole/test_verdict.py).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

YES, PARTLY, NO, UNKNOWN = "oui", "en partie", "non", "je ne sais pas"
ANSWERS = (YES, PARTLY, UNKNOWN, NO)
# How good an answer is, to say that one answer improves on another.
ANSWER_RANK = {NO: 0, UNKNOWN: 1, PARTLY: 1, YES: 2}

RESPECTED, TO_IMPROVE, NOT_RESPECTED = "respectée", "à améliorer", "non respectée"
STATUS_RANK = {NOT_RESPECTED: 0, TO_IMPROVE: 1, RESPECTED: 2}
LAWS = (1, 2, 3, 4, 5)

RULE = (
    "Chaque critère est répondu « oui », « en partie », « non » ou « je ne sais pas ». Une loi "
    "est « non respectée » dès qu'un de ses critères est « non », « à améliorer » si l'un est « en "
    "partie » ou « je ne sais pas » (ce qui n'est pas su n'est pas prouvé), « respectée » si tous "
    "sont « oui ». Le verdict du projet est le statut de la première loi, dans l'ordre des lois, "
    "qui n'est pas respectée : une loi supérieure manquée n'est jamais compensée par une loi "
    "inférieure, et un service futile ou nuisible ne s'achète pas un bon verdict avec une page "
    "légère. Les lois suivantes restent évaluées et montrées, comme recommandations. Ni note, ni "
    "badge."
)


def law_status(answers: Sequence[str]) -> str:
    """The status of one law from the answers to its criteria."""
    for answer in answers:
        if answer not in ANSWER_RANK:
            raise ValueError("unknown answer: %r" % answer)
    if NO in answers:
        return NOT_RESPECTED
    if PARTLY in answers or UNKNOWN in answers:
        return TO_IMPROVE
    return RESPECTED


@dataclass(frozen=True)
class Verdict:
    statuses: dict[int, str]  # law number → its status
    law: int | None  # the first law not respected, None when all are
    status: str  # that law's status, or « respectée »

    @property
    def rank(self) -> tuple[int, int]:
        """Greater is better: a later first problem, then a milder status."""
        return (self.law or len(LAWS) + 1, STATUS_RANK[self.status])

    @property
    def summary(self) -> str:
        return summary(self.law, self.status)

    @property
    def recommendations(self) -> list[int]:
        """The laws after the deciding one that are not respected either."""
        return [n for n, s in self.statuses.items() if s != RESPECTED and n != self.law]


def summary(law: int | None, status: str) -> str:
    """The verdict in words: « loi 1 non respectée », « loi 4 à améliorer »…"""
    if law is None:
        return "les cinq lois sont respectées"
    return "loi %d %s" % (law, status)


def verdict(answers: Mapping[int, Sequence[str]]) -> Verdict:
    """`answers`: law number (1 to 5) → the answers to its criteria."""
    statuses = {law: law_status(answers.get(law, ())) for law in LAWS}
    for law in LAWS:
        if statuses[law] != RESPECTED:
            return Verdict(statuses, law, statuses[law])
    return Verdict(statuses, None, RESPECTED)
