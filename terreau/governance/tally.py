"""How a resolution is decided. Pure: counts and weights in, a result out.

The rule, as shown next to every result (`RULE`):

1. Each member has one vote, whatever their shares; a proxy's vote counts in
   the college of the member who gave it (proxies stay within a college).
2. In each college, the votes cast (*suffrages exprimés*) are "pour" and
   "contre". Abstentions and blank votes are recorded and published but are
   not votes cast: they count neither for nor against, as French company law
   has said since 2019 (loi n° 2019-744).
3. A college's result is its share of "pour" among its votes cast.
4. The resolution's result is the sum of the college results, each weighted by
   its college's voting weight. A college in which nobody cast a vote has no
   result: its weight is shared among the other colleges in proportion to
   their weights (the usual clause of SCIC statutes), so that an absent
   college neither blocks nor carries a decision.
5. The resolution is adopted when the result passes the majority of the
   assembly's kind — more than half for an ordinary assembly, at least two
   thirds for an extraordinary one, as the cooperative has configured them.
   With no vote cast at all, nothing is adopted.

Arithmetic is exact (fractions), so 2/3 is two thirds, not 0.6667.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

POUR, CONTRE, ABSTENTION, BLANC = "pour", "contre", "abstention", "blanc"
CHOICES = (POUR, CONTRE, ABSTENTION, BLANC)

RULE = (
    "Une personne, une voix. Dans chaque collège, seuls « pour » et « contre » sont des "
    "suffrages exprimés : abstentions et votes blancs sont publiés mais ne comptent ni pour ni "
    "contre. Le résultat d'un collège est sa part de « pour » parmi ses suffrages exprimés ; "
    "le résultat de la résolution est la somme des résultats des collèges pondérés par leurs "
    "poids. Le poids d'un collège sans suffrage exprimé est réparti entre les autres collèges "
    "au prorata de leurs poids. Sans aucun suffrage exprimé, la résolution n'est pas adoptée."
)


@dataclass(frozen=True)
class Majority:
    """A threshold: `fraction` must be passed (`inclusive`: reached)."""

    fraction: Fraction
    inclusive: bool = False

    def reached(self, result: Fraction) -> bool:
        return result >= self.fraction if self.inclusive else result > self.fraction

    def describe(self) -> str:
        names = {Fraction(1, 2): "la moitié", Fraction(2, 3): "les deux tiers"}
        name = names.get(
            self.fraction, "%s/%s" % (self.fraction.numerator, self.fraction.denominator)
        )
        return ("au moins %s" if self.inclusive else "plus de %s") % name + " des voix pondérées"


@dataclass(frozen=True)
class Counts:
    pour: int = 0
    contre: int = 0
    abstention: int = 0
    blanc: int = 0

    @classmethod
    def of(cls, choices: Iterable[str]) -> "Counts":
        counted = dict.fromkeys(CHOICES, 0)
        for choice in choices:
            if choice not in counted:
                raise ValueError("unknown choice: %r" % choice)
            counted[choice] += 1
        return cls(**counted)

    @property
    def cast(self) -> int:
        """Suffrages exprimés."""
        return self.pour + self.contre

    @property
    def total(self) -> int:
        return self.pour + self.contre + self.abstention + self.blanc


@dataclass(frozen=True)
class CollegeResult:
    key: object
    weight: Fraction  # as configured, a fraction of 1
    counts: Counts
    effective_weight: Fraction  # after sharing out the weight of silent colleges
    share: Fraction | None  # "pour" among votes cast; None when none was cast


@dataclass(frozen=True)
class Tally:
    colleges: tuple[CollegeResult, ...]
    result: Fraction | None
    majority: Majority
    adopted: bool
    votes: int = field(default=0)


def weight_problems(weights: Iterable[Decimal]) -> list[str]:
    """What makes a set of college weights (percentages) unfit for a SCIC:
    at least three colleges, each between 10 % and 50 %, 100 % in all."""
    weights = list(weights)
    problems = []
    if len(weights) < 3:
        problems.append("Une SCIC compte au moins trois collèges (ici : %d)." % len(weights))
    for weight in weights:
        if not Decimal(10) <= weight <= Decimal(50):
            problems.append(
                "Le poids de chaque collège doit être compris entre 10 %% et 50 %% (ici : %s %%)."
                % format_percent(weight)
            )
    total = sum(weights, Decimal(0))
    if weights and total != 100:
        problems.append(
            "Les poids des collèges doivent totaliser 100 %% (ici : %s %%)." % format_percent(total)
        )
    return problems


def format_percent(value: Decimal) -> str:
    """25.00 → "25", 33.33 → "33,33"."""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def tally(
    counts: Mapping[object, Counts], weights: Mapping[object, Fraction], majority: Majority
) -> Tally:
    """Decide a resolution. `weights` maps every college to its weight as a
    fraction of 1 (they must sum to 1); `counts` may omit silent colleges."""
    if sum(weights.values(), Fraction(0)) != 1:
        raise ValueError("college weights must sum to 1")
    unknown = set(counts) - set(weights)
    if unknown:
        raise ValueError("votes in unknown colleges: %r" % sorted(map(str, unknown)))
    speaking = [key for key in weights if counts.get(key, Counts()).cast]
    speaking_weight = sum((weights[key] for key in speaking), Fraction(0))
    colleges = []
    result = Fraction(0) if speaking else None
    for key, weight in weights.items():
        college_counts = counts.get(key, Counts())
        if key in speaking:
            share = Fraction(college_counts.pour, college_counts.cast)
            effective = weight / speaking_weight
            result += effective * share
        else:
            share, effective = None, Fraction(0)
        colleges.append(CollegeResult(key, weight, college_counts, effective, share))
    return Tally(
        colleges=tuple(colleges),
        result=result,
        majority=majority,
        adopted=result is not None and majority.reached(result),
        votes=sum(c.total for c in counts.values()),
    )
