"""The person's diagnostic on worked examples computed by hand from the
sources (Nos Gestes Climat 4.15.0 and Terreau's factor table), and with
« je ne sais pas » everywhere."""

from decimal import Decimal

import pytest

from terreau.challenges import factors
from terreau.support import diagnostics

PERSON = diagnostics.load("person")
CLOTHES_AND_DEVICES = {
    "tshirts": "2",
    "trousers": "1",
    "jumpers": "1",
    "shoes": "1",
    "smartphones": "1",
    "computers": "1",
    "tvs": "1",
    "renewal": "needed",
    "internet_hours": "2",
}


def test_every_factor_of_every_questionnaire_is_in_the_factor_table_with_a_source():
    for questionnaire in diagnostics.available():
        names = [n for t in questionnaire.terms for n in t.product + t.per]
        names += [
            value
            for q in questionnaire.questions
            for c in q.choices
            for value in c.sets.values()
            if isinstance(value, str)
        ]
        for name in names:
            if name.startswith("factor:"):
                factor = factors.latest(name.removeprefix("factor:"))
                assert factor.source
                assert factor.reference
                assert factor.year


def test_a_couple_in_a_gas_heated_flat_who_drive_and_eat_little_meat():
    """By hand:
    heating: 80 m² × 215 kWh/m² (« je chauffe normalement », DPE D) × 0,215 kg/kWh (gas)
             ÷ 2 people = 3 698 ÷ 2 = 1 849 kg;
    car: 8 000 km × 0,2176 kg/km = 1 740,8 kg; no flight;
    food, « peu de viande » (1 vegan, 7 vegetarian, 4 white meat, 1 oily fish, 1 white fish):
         (0,54 + 7 × 0,85 + 4 × 1,65 + 1,45 + 2,22) × 52 = 16,76 × 52 = 871,52 kg;
    clothes: 2 t-shirts × 5,1496 + a jean 22,6744 + a sweat 27,4026 + trainers 18,6666 = 79,0428 kg;
    digital, kept their theoretical life: a smartphone 79,27 ÷ 2,5 = 31,708; a laptop 182,3 ÷ 5
         = 36,46; a TV 328,26 ÷ 8 ÷ 2 people = 20,51625; 2 h of internet × 365 × 0,019175
         = 13,99775; in all 102,682 kg."""
    result = diagnostics.evaluate(
        PERSON,
        {
            "household": "2",
            "surface": "80",
            "heating": "gas",
            "comfort": "normal",
            "car_km": "8000",
            "flight_short_hours": "0",
            "flight_long_hours": "0",
            "diet": "little-meat",
            **CLOTHES_AND_DEVICES,
        },
    )
    totals = {d.domain: d.value for d in result.domains}
    assert totals == {
        "energy-housing": Decimal("1849"),
        "mobility": Decimal("1740.8"),
        "food": Decimal("871.52"),
        "consumption-reuse": Decimal("79.0428"),
        "digital": Decimal("102.682"),
    }
    assert not any(d.is_rough for d in result.domains)
    assert [lever.key for lever, _weight in result.levers] == [
        "heating",
        "car",
        "meat_and_fish",
        "devices",  # 31,708 + 36,46 + 20,51625 = 88,68425
        "clothes",
    ]  # the sixth, internet (13,99775), is left out: five levers are shown
    # Levers weigh what their terms weigh: white meat 4 × 1,65 × 52 = 343,2;
    # oily fish 1,45 × 52 = 75,4; white fish 2,22 × 52 = 115,44 → 534,04.
    assert {lever.key: weight for lever, weight in result.levers}["meat_and_fish"] == Decimal(
        "534.04"
    )


def test_flights_and_a_meat_every_day_week():
    """By hand: 5 h of short flights × (0,3 kg/km × 600 km ÷ 1,3 h = 138,4615 kg/h) = 692,3075;
    16 h of long flights × (0,18 × 750 = 135 kg/h) = 2 160; no car;
    fuel oil, a cold house (DPE G, 500 kWh/m²), 100 m², one person:
    100 × 500 × (3,24 × 0,1014 = 0,328536) = 16 426,8 kg;
    food: (6 × 1,65 + 6 × 5,01 + 1,45 + 2,22) × 52 = 43,63 × 52 = 2 268,76 kg."""
    result = diagnostics.evaluate(
        PERSON,
        {
            "household": "1",
            "surface": "100",
            "heating": "fuel-oil",
            "comfort": "cold",
            "car_km": "0",
            "flight_short_hours": "5",
            "flight_long_hours": "16",
            "diet": "meat-every-day",
        },
    )
    assert result.term("flights").value == Decimal("692.3075")
    assert result.term("long_flights").value == Decimal("2160")
    assert result.term("heating").value == Decimal("16426.8")
    food = next(d for d in result.domains if d.domain == "food")
    assert food.value == Decimal("2268.76")
    assert result.levers[0][0].key == "heating"
    assert "car" not in [lever.key for lever, _weight in result.levers]  # weighs nothing


def test_i_dont_know_everywhere_gives_the_stated_defaults_and_a_range():
    """Defaults: 2,15 people, 91 m², gas, « normal » (215), 11 634 km, no
    flight, the average week (5 vegetarian, 4 white meat, 3 red meat, 2 oily fish).
    heating: 91 × 215 × 0,215 ÷ 2,15 = 1 956,5; car: 11 634 × 0,2176 = 2 531,5584;
    food: (5 × 0,85 + 4 × 1,65 + 3 × 5,01 + 2 × 1,45) × 52 = 28,78 × 52 = 1 496,56.
    Ranges: heating from 30 m² × 55 × 0,024263 ÷ 4 people to 150 × 500 × 0,328536 ÷ 1;
    food from the vegan week (14 × 0,54 × 52 = 393,12) to meat every day (2 268,76)."""
    unknown = {q.key: diagnostics.UNKNOWN for q in PERSON.questions}
    for answers in (unknown, {}):
        result = diagnostics.evaluate(PERSON, answers)
        domains = {d.domain: d for d in result.domains}
        assert domains["energy-housing"].value == Decimal("1956.5")
        assert domains["mobility"].value == Decimal("2531.5584")
        assert domains["food"].value == Decimal("1496.56")
        assert all(d.is_rough for d in result.domains)
        housing = domains["energy-housing"]
        assert housing.low == Decimal(30) * 55 * Decimal("0.024263") / 4
        assert housing.high == Decimal(150) * 500 * Decimal("0.328536")
        assert (domains["food"].low, domains["food"].high) == (
            Decimal("393.12"),
            Decimal("2268.76"),
        )
        assert all(step.unknown for step in result.term("car").steps[:1])


@pytest.mark.parametrize("question", PERSON.questions, ids=lambda q: q.key)
def test_each_question_alone_unknown_keeps_the_others(question):
    answers = {
        "household": "2",
        "surface": "80",
        "heating": "gas",
        "comfort": "normal",
        "car_km": "8000",
        "flight_short_hours": "0",
        "flight_long_hours": "0",
        "diet": "little-meat",
        **CLOTHES_AND_DEVICES,
        question.key: diagnostics.UNKNOWN,
    }
    result = diagnostics.evaluate(PERSON, answers)
    rough = {d.domain for d in result.domains if d.is_rough}
    # Its own domain, and any other whose terms use its answer (the people of
    # the home share the television).
    using_it = {
        term.domain
        for term in PERSON.terms
        if any(PERSON.setter_of(name) is question for name in term.product + term.per)
    }
    assert rough == {question.domain} | using_it
    domain = next(d for d in result.domains if d.domain == question.domain)
    assert domain.low <= domain.value <= domain.high
    assert question.default_reason


PLACE = diagnostics.load("place")


def test_a_place_worked_example():
    """By hand, a village hall of 200 m² heated with fuel oil, « on chauffe
    normalement » (DPE D, 215 kWh/m²): 200 × 215 × 0,328536 = 14 127,048 kg;
    electricity: 4 000 kWh × 0,0461 = 184,4 kg;
    visitors: 150 a week × 0,5 by car × 12 km × 46 weeks × 0,2176 kg/km = 9 008,64 kg;
    meals: 40 a week, half vegetarian: 40 × 0,5 × 52 × 1,65 = 1 716 kg with meat,
    40 × 0,5 × 52 × 0,85 = 884 kg vegetarian; one new appliance: 254,7258 kg;
    waste: 12 kg a week × 46 weeks × 0,4729 = 261,0408 kg; three computers × 182,3 ÷ 5
    = 109,38 kg and a screen not known (one, « je ne sais pas ») 328,26 ÷ 8 = 41,0325 kg."""
    result = diagnostics.evaluate(
        PLACE,
        {
            "surface": "200",
            "heating": "fuel-oil",
            "comfort": "normal",
            "electricity_kwh": "4000",
            "visitors_week": "150",
            "car_share": "half",
            "trip_km": "12",
            "weeks_open": "46",
            "meals_week": "40",
            "menu": "mixed",
            "appliances": "1",
            "computers": "3",
            "screens": "unknown",
            "renewal": "unknown",
            "waste_kg_week": "12",
        },
    )
    assert result.term("heating").value == Decimal("14127.048")
    assert result.term("electricity").value == Decimal("184.4")
    assert result.term("visitors").value == Decimal("9008.64")
    assert result.term("meat_meals").value == Decimal("1716")
    assert result.term("vegetarian_meals").value == Decimal("884")
    assert result.term("appliances").value == Decimal("254.7258")
    assert result.term("waste").value == Decimal("261.0408")
    assert result.term("computers").value == Decimal("109.38")
    assert result.term("screens").value == Decimal("41.0325")
    digital = next(d for d in result.domains if d.domain == "digital")
    assert digital.is_rough
    # From no screen and computers kept long (0,75) to three screens and
    # computers changed twice as often (2).
    assert (digital.low, digital.high) == (
        Decimal("3") * Decimal("0.75") * Decimal("182.3") / 5,
        Decimal("3") * 2 * Decimal("182.3") / 5 + 3 * Decimal("328.26") / 8,
    )
    assert [lever.key for lever, _w in result.levers] == [
        "place-heating",
        "place-visitors",
        "place-meals",
        "place-waste",
        "place-appliances",
    ]  # the digital lever (150,4125) is sixth: five are shown


def test_an_unheated_place_has_no_heating_lever():
    result = diagnostics.evaluate(PLACE, {"heating": "none", "electricity_kwh": "0"})
    assert result.term("heating").value == 0
    assert "place-heating" not in [lever.key for lever, _w in result.levers]


AUTHORITY = diagnostics.load("authority")


def test_an_authority_worked_example_from_its_invoices():
    """By hand: buildings 1 200 000 kWh of gas × 0,215 = 258 000 kg;
    public lighting 700 000 kWh × 0,0461 = 32 270 kg;
    fleet: 12 vehicles × 9 000 km × 0,2176 = 23 500,8 kg;
    canteens: 400 meals × 140 days, one vegetarian in four: 400 × 140 × 0,75 × 1,65
    = 69 300 kg with meat and 400 × 140 × 0,25 × 0,85 = 11 900 kg vegetarian;
    residual waste: 2 100 t × 1 000 × 0,4729 = 993 090 kg."""
    result = diagnostics.evaluate(
        AUTHORITY,
        {
            "population": "10085",
            "buildings_kwh": "1200000",
            "buildings_energy": "gas",
            "lighting_kwh": "700000",
            "vehicles": "12",
            "vehicle_km": "9000",
            "meals_day": "400",
            "school_days": "140",
            "vegetarian_menus": "weekly",
            "waste_tonnes": "2100",
        },
    )
    assert result.term("buildings").value == Decimal("258000")
    assert result.term("lighting").value == Decimal("32270")
    assert result.term("fleet").value == Decimal("23500.8")
    assert result.term("meat_meals").value == Decimal("69300")
    assert result.term("vegetarian_meals").value == Decimal("11900")
    assert result.term("waste").value == Decimal("993090")
    assert not any(d.is_rough for d in result.domains)
    assert [lever.key for lever, _w in result.levers] == [
        "authority-waste",
        "authority-buildings",
        "authority-catering",
        "authority-lighting",
        "authority-fleet",
    ]


def test_an_authority_that_does_not_know_gets_the_national_means_per_inhabitant():
    """By hand, Mazamet's 10 085 inhabitants: buildings 356,25 kWh × 10 085
    = 3 592 781,25 kWh × 0,215 (gas) = 772 447,96875 kg; lighting 85 × 10 085
    = 857 225 kWh × 0,0461 = 39 518,0725 kg. Ranges: buildings from
    309 × 10 085 kWh of the lowest-emitting energy (wood, 0,046) to
    454,5 × 10 085 of fuel oil (0,328536); lighting 85 to 94 kWh each."""
    result = diagnostics.evaluate(AUTHORITY, {"population": "10085"})
    assert result.term("buildings").value == Decimal("772447.96875")
    assert result.term("lighting").value == Decimal("39518.0725")
    housing = result.domains[0]
    assert housing.is_rough
    low_buildings = Decimal(309) * 10085 * Decimal("0.046")
    high_buildings = Decimal("454.5") * 10085 * Decimal("0.328536")
    assert housing.low == low_buildings + Decimal(85) * 10085 * Decimal("0.0461")
    assert housing.high == high_buildings + Decimal(94) * 10085 * Decimal("0.0461")
    assert "356,25 kWh par habitant × 10085" in result.term("buildings").steps[0].label
    # The other posts per inhabitant: a vehicle for 200 (50,425) × 11 634 km × 0,2176
    # = 127 653,83232 kg; 8 meals for 100 (806,8) × 144 days × (0,75 × 1,65 + 0,25 × 0,85)
    # = 168 459,84 kg; 253,8 kg of residual waste each (2 559,573 t) × 0,4729
    # = 1 210 422,0717 kg.
    assert result.term("fleet").value == Decimal("127653.83232")
    assert sum(result.term(k).value for k in ("meat_meals", "vegetarian_meals")) == Decimal(
        "168459.84"
    )
    assert result.term("waste").value == Decimal("1210422.0717")
