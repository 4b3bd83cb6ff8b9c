"""Published results store numbers, not text (issue 18).

Before, `Resolution.result` held the minutes' figures already written for
people ("62,50 %", "plus de la moitié des voix pondérées"); only the result
itself was also kept exactly. Now weights, shares and the result are exact
fractions as text ("5/8") and the majority is its fraction and whether
reaching it is enough; templates format them.

Rounded percentages cannot be turned back into fractions, so each published
result is counted again, with the pure tally, from the counts it published
and the weights and majority its assembly froze at convocation. The new
figures must round to the published ones and say the same adoption, or the
migration stops: a published result is never changed silently. Backwards,
the figures are written out as before.
"""

from fractions import Fraction

from django.db import migrations


def percent(value):
    if value is None:
        return "—"
    hundredths = (Fraction(value) * 10000 + Fraction(1, 2)) // 1
    return ("%d,%02d %%" % divmod(hundredths, 100)).replace(" %", "\u00a0%")


def exact(value):
    return None if value is None else str(value)


def to_numbers(apps, schema_editor):
    from terreau.governance import tally

    Resolution = apps.get_model("governance", "Resolution")
    for resolution in Resolution.objects.exclude(result=None).select_related("assembly"):
        old = resolution.result
        if "result_exact" not in old:
            continue  # already numbers
        assembly = resolution.assembly
        key_of = {college["name"]: key for key, college in assembly.college_weights.items()}
        counts = {
            key_of[c["name"]]: tally.Counts(c["pour"], c["contre"], c["abstention"], c["blanc"])
            for c in old["colleges"]
        }
        weights = {
            key: Fraction(college["weight"]) / 100
            for key, college in assembly.college_weights.items()
        }
        majority = tally.Majority(Fraction(assembly.majority), assembly.majority_inclusive)
        new = tally.tally(counts, weights, majority)
        if (
            exact(new.result) != old["result_exact"]
            or new.adopted != old["adopted"]
            or new.votes != old["votes"]
        ):
            raise RuntimeError(
                "Résolution %s : le recomptage ne redonne pas le résultat publié." % resolution.pk
            )
        by_key = {c.key: c for c in new.colleges}
        colleges = []
        for published in old["colleges"]:
            college = by_key[key_of[published["name"]]]
            if [percent(college.weight), percent(college.share)] != [
                published["weight"],
                published["share"],
            ]:
                raise RuntimeError(
                    "Résolution %s : le collège %s ne redonne pas ses chiffres publiés."
                    % (resolution.pk, published["name"])
                )
            colleges.append(
                {
                    **published,
                    "weight": exact(college.weight),
                    "share": exact(college.share),
                    "effective_weight": exact(college.effective_weight),
                }
            )
        resolution.result = {
            "colleges": colleges,
            "votes": old["votes"],
            "result": old["result_exact"],
            "majority": {"fraction": exact(majority.fraction), "inclusive": majority.inclusive},
            "adopted": old["adopted"],
            "rule": old["rule"],
        }
        resolution.save(update_fields=["result"])


def to_text(apps, schema_editor):
    from terreau.governance import tally

    Resolution = apps.get_model("governance", "Resolution")
    for resolution in Resolution.objects.exclude(result=None):
        new = resolution.result
        if "result_exact" in new:
            continue
        majority = tally.Majority(
            Fraction(new["majority"]["fraction"]), new["majority"]["inclusive"]
        )
        resolution.result = {
            "colleges": [
                {
                    **college,
                    "weight": percent(college["weight"]),
                    "share": percent(college["share"]),
                    "effective_weight": percent(college["effective_weight"]),
                }
                for college in new["colleges"]
            ],
            "votes": new["votes"],
            "result": percent(new["result"]),
            "result_exact": new["result"],
            "majority": majority.describe(),
            "adopted": new["adopted"],
            "rule": new["rule"],
        }
        resolution.save(update_fields=["result"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0004_sealed_ballot_box")]
    operations = [migrations.RunPython(to_numbers, to_text)]
