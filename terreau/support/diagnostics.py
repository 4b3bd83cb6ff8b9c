"""Diagnostics: questionnaires kept as versioned data (data/diagnostics/*.toml)
and the rule that turns answers into estimates and levers. Pure module: it
reads files, never the database or a clock.

An estimate is a sum of terms; each term is a product of answers, constants
and factors of the factor table, divided by answers (the people who share a
home). « Je ne sais pas » takes the question's stated default, and the term
then gets a range: its lowest and highest values over the question's
plausible answers (`low`..`high`, or every choice)."""

import functools
import itertools
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from terreau.challenges import factors

DATA = Path(__file__).parent / "data" / "diagnostics"
UNKNOWN = "unknown"
LEVERS_SHOWN = 5

RULE = (
    "Un diagnostic additionne des postes ; chaque poste est le produit de vos réponses et de facteurs "
    "de la table des facteurs (avec leur source), divisé, pour un logement, par le nombre de ses "
    "habitants. À « je ne sais pas », la valeur par défaut dite sous la question est retenue, et le "
    "poste est donné avec une fourchette, de la réponse plausible la plus basse à la plus haute. "
    "Les leviers sont classés selon le poids des postes sur lesquels ils agissent : les cinq plus "
    "lourds sont montrés. Refaire le diagnostic garde l'ancien : la différence montrée est celle des "
    "réponses, et les défis relevés depuis sont listés à part, sans jamais être convertis en baisse."
)


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    sets: dict
    explanation: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    domain: str
    kind: str  # "number", "choice", or "context" (not asked: read from the subject)
    text: str
    explanation: str
    default: object
    default_reason: str
    unit: str = ""
    label: str = ""  # what the calculation calls the answer
    default_per: str = ""  # the default, low and high are per unit of this context
    min: Decimal | None = None
    max: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    choices: tuple[Choice, ...] = ()

    def choice(self, key) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True)
class Term:
    key: str
    domain: str
    label: str
    product: tuple[str, ...]
    per: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lever:
    key: str
    domain: str
    title: str
    terms: tuple[str, ...]
    challenges: tuple[str, ...]
    understand: str
    act: str


@dataclass(frozen=True)
class Questionnaire:
    key: str
    version: int
    title: str
    audience: str
    intro: str
    scope: str
    sources: str
    questions: tuple[Question, ...]
    terms: tuple[Term, ...]
    levers: tuple[Lever, ...]
    constants: dict = field(default_factory=dict)
    variables: dict = field(default_factory=dict)

    def question(self, key) -> Question:
        return next(q for q in self.questions if q.key == key)

    def setter_of(self, variable) -> Question | None:
        """The question whose answer gives `variable`: its own key for a
        number, a variable its choices set for a choice."""
        for question in self.questions:
            if question.kind in ("number", "context") and question.key == variable:
                return question
            if question.kind == "choice" and any(variable in c.sets for c in question.choices):
                return question
        return None


def _decimal(value):
    return None if value is None else Decimal(str(value))


@functools.cache
def load(key: str) -> Questionnaire:
    with (DATA / ("%s.toml" % key)).open("rb") as f:
        data = tomllib.load(f)
    questions = tuple(
        Question(
            key=q["key"],
            domain=q["domain"],
            kind=q["kind"],
            text=q["text"],
            explanation=q.get("explanation", ""),
            default=_decimal(q.get("default")) if q["kind"] != "choice" else q["default"],
            default_reason=q.get("default_reason", ""),
            unit=q.get("unit", ""),
            label=q.get("label", ""),
            default_per=q.get("default_per", ""),
            min=_decimal(q.get("min")),
            max=_decimal(q.get("max")),
            low=_decimal(q.get("low")),
            high=_decimal(q.get("high")),
            choices=tuple(
                Choice(c["key"], c["label"], c["sets"], c.get("explanation", ""))
                for c in q.get("choices", ())
            ),
        )
        for q in data["questions"]
    )
    return Questionnaire(
        key=data["key"],
        version=data["version"],
        title=data["title"],
        audience=data["audience"],
        intro=data["intro"],
        scope=data.get("scope", ""),
        sources=data["sources"],
        questions=questions,
        terms=tuple(
            Term(t["key"], t["domain"], t["label"], tuple(t["product"]), tuple(t.get("per", ())))
            for t in data["terms"]
        ),
        levers=tuple(
            Lever(
                lv["key"],
                lv["domain"],
                lv["title"],
                tuple(lv["terms"]),
                tuple(lv["challenges"]),
                lv["understand"],
                lv["act"],
            )
            for lv in data["levers"]
        ),
        constants=data.get("constants", {}),
        variables=data.get("variables", {}),
    )


def available() -> list[Questionnaire]:
    return [load(path.stem) for path in sorted(DATA.glob("*.toml"))]


@dataclass(frozen=True)
class Step:
    """One number of a calculation as the page writes it."""

    label: str
    value: Decimal
    unit: str
    factor: factors.Factor | None = None
    unknown: bool = False


@dataclass(frozen=True)
class TermResult:
    term: Term
    value: Decimal
    steps: tuple[Step, ...]
    divisors: tuple[Step, ...]

    @property
    def is_rough(self) -> bool:
        return any(step.unknown for step in self.steps + self.divisors)


@dataclass(frozen=True)
class DomainResult:
    domain: str
    value: Decimal
    low: Decimal
    high: Decimal
    terms: tuple[TermResult, ...]

    @property
    def is_rough(self) -> bool:
        return any(term.is_rough for term in self.terms)


@dataclass(frozen=True)
class Result:
    questionnaire: Questionnaire
    domains: tuple[DomainResult, ...]
    levers: tuple[tuple[Lever, Decimal], ...]

    @property
    def total(self) -> Decimal:
        return sum((d.value for d in self.domains), Decimal(0))

    def term(self, key) -> TermResult:
        return next(t for d in self.domains for t in d.terms if t.term.key == key)


def _factor_of(value):
    if isinstance(value, str) and value.startswith("factor:"):
        return factors.latest(value.removeprefix("factor:"))
    return None


def _resolve(value) -> Decimal:
    factor = _factor_of(value)
    return factor.value if factor else Decimal(str(value))


def is_unknown(answer) -> bool:
    return answer is None or answer == UNKNOWN


def _step(questionnaire, answers, name) -> Step:
    """A product's item, with what the page says of it."""
    factor = _factor_of(name)
    if factor is not None:
        return Step(factor.scope.split(" : ")[0], factor.value, factor.unit, factor=factor)
    if name in questionnaire.constants:
        constant = questionnaire.constants[name]
        return Step(constant["label"], Decimal(str(constant["value"])), constant["unit"])
    question = questionnaire.setter_of(name)
    if question is None:
        raise KeyError("%s: unknown variable %s" % (questionnaire.key, name))
    answer = answers.get(question.key)
    unknown = is_unknown(answer) and question.kind != "context"
    if question.kind in ("number", "context"):
        label = question.label or question.text
        if not unknown:
            return Step(label, Decimal(str(answer)), question.unit)
        value = _scaled(questionnaire, answers, question, question.default)
        if question.default_per:
            per = _step(questionnaire, answers, question.default_per)
            label = "%s : %s %s par habitant × %s" % (
                label,
                _french(question.default),
                question.unit,
                _french(per.value),
            )
        return Step(label, value, question.unit, unknown=True)
    choice = question.choice(question.default if unknown else answer)
    factor = _factor_of(choice.sets[name])
    variable = questionnaire.variables.get(name, {})
    return Step(
        "%s (%s)" % (variable["label"], choice.label) if variable else choice.label,
        _resolve(choice.sets[name]),
        factor.unit if factor else variable.get("unit", ""),
        factor=factor,
        unknown=unknown,
    )


def _term_value(questionnaire, answers, term) -> Decimal:
    value = Decimal(1)
    for name in term.product:
        value *= _step(questionnaire, answers, name).value
    for name in term.per:
        value /= _step(questionnaire, answers, name).value
    return value


def _french(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _scaled(questionnaire, answers, question, value) -> Decimal:
    """A default given per unit of a context (kWh per inhabitant) made
    whole (kWh) with the subject's own figure (its population)."""
    if not question.default_per:
        return value
    return value * _step(questionnaire, answers, question.default_per).value


def _plausible(questionnaire, answers, question) -> list:
    """The answers a « je ne sais pas » may stand for."""
    if question.kind == "choice":
        return [choice.key for choice in question.choices]
    return [
        _scaled(questionnaire, answers, question, question.low),
        _scaled(questionnaire, answers, question, question.high),
    ]


def _range(questionnaire, answers, terms) -> tuple[Decimal, Decimal]:
    """The lowest and highest totals of `terms` over every plausible answer
    to the questions left unknown that they depend on."""
    names = {name for term in terms for name in term.product + term.per}
    unknown = [
        q
        for q in questionnaire.questions
        if is_unknown(answers.get(q.key))
        and q.kind != "context"
        and any(questionnaire.setter_of(name) is q for name in names)
    ]
    totals = []
    for combination in itertools.product(*(_plausible(questionnaire, answers, q) for q in unknown)):
        filled = {**answers, **{q.key: a for q, a in zip(unknown, combination, strict=True)}}
        totals.append(sum((_term_value(questionnaire, filled, t) for t in terms), Decimal(0)))
    return min(totals), max(totals)


def evaluate(questionnaire: Questionnaire, answers: dict) -> Result:
    """The estimates of `answers` (question key → number, choice key, or
    UNKNOWN) by `questionnaire`'s terms, in kg CO2e a year."""
    by_domain: dict[str, list[TermResult]] = {}
    for term in questionnaire.terms:
        by_domain.setdefault(term.domain, []).append(
            TermResult(
                term,
                _term_value(questionnaire, answers, term),
                tuple(_step(questionnaire, answers, name) for name in term.product),
                tuple(_step(questionnaire, answers, name) for name in term.per),
            )
        )
    domains = []
    for domain, results in by_domain.items():
        low, high = _range(questionnaire, answers, [r.term for r in results])
        domains.append(
            DomainResult(
                domain, sum((r.value for r in results), Decimal(0)), low, high, tuple(results)
            )
        )
    weights = {r.term.key: r.value for d in domains for r in d.terms}
    levers = sorted(
        (
            (lever, sum((weights[key] for key in lever.terms), Decimal(0)))
            for lever in questionnaire.levers
        ),
        key=lambda pair: -pair[1],
    )
    shown = tuple(pair for pair in levers if pair[1] > 0)[:LEVERS_SHOWN]
    return Result(questionnaire, tuple(domains), shown)
