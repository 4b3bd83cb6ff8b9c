"""What the published result of a secret ballot may say. Pure.

The rule, as shown under every secret result (`RULE`): the figures of a
college are published only when at least the cooperative's minimum of its
members voted (three by default). A college with fewer voters (one or two)
would otherwise tell how each of them voted: « Citoyens : 1 pour » names the
only citizen on the roll. Such colleges are grouped together and published
as one line when the group reaches the minimum, or not published at all;
and the weighted result and the weight applied to each college (which says
whether a college cast any « pour » or « contre ») are then withheld too, since from them and the other colleges'
figures anyone could compute what the small colleges said. The decision
(adopted or not) is always published; it is decided on every ballot.

See docs/secret-ballot.md for the whole threat model.
"""

COUNTS = ("pour", "contre", "abstention", "blanc")

RULE = (
    "Scrutin secret : les chiffres d'un collège ne sont publiés que si au moins %(minimum)d de "
    "ses sociétaires ont voté. Les collèges qui en comptent moins sont regroupés (et publiés "
    "ensemble si le groupe atteint ce seuil), et le résultat pondéré n'est alors pas publié, "
    "car il permettrait de retrouver leurs votes ; la décision, elle, est toujours publiée et "
    "tient compte de tous les bulletins."
)


def voters(college: dict) -> int:
    return sum(college[key] for key in COUNTS)


def disclose(decided: dict, minimum: int) -> dict:
    """`decided` as `services.assemblies.decide` builds it; returns what may
    be published of a secret ballot with at least `minimum` voters per
    published college."""
    small = [c for c in decided["colleges"] if 0 < voters(c) < minimum]
    published = dict(decided, secrecy_minimum=minimum, withheld=bool(small), merged=None)
    if not small:
        return published
    merged = {key: sum(c[key] for c in small) for key in COUNTS}
    published["merged"] = (
        dict(merged, names=[c["name"] for c in small])
        if sum(merged.values()) >= minimum
        else {"names": [c["name"] for c in small]}
    )
    published["colleges"] = [
        {"name": c["name"], "weight": c["weight"], "withheld": True}
        if c in small
        else {key: value for key, value in c.items() if key != "effective_weight"}
        for c in decided["colleges"]
    ]
    published["result"] = None
    return published
