"""The plausibility rules of défis (issue 12, 3): each défi once a day,
one défi of an exclusive group a day, at most `max_per_stage` a stage.

Completions get the local day of their check-in and their défi's exclusive
group, so that two constraints hold the daily rules. Claims already stored
that break them (the same défi twice a day at two places, or the bicycle and
the bus for one day's trip) are the inflation the rules end: the earliest of
each is kept, the others are removed before the constraints are added.
"""

import django.core.validators
from django.db import migrations, models

TRIP = [
    "journee-sans-voiture-velo",
    "venir-en-train",
    "venir-en-bus",
    "covoiturer-vers-un-evenement",
]


def backfill(apps, schema_editor):
    Challenge = apps.get_model("challenges", "Challenge")
    Completion = apps.get_model("challenges", "Completion")
    Challenge.objects.filter(slug__in=TRIP, exclusive_group="").update(exclusive_group="trajet")
    groups = dict(Challenge.objects.values_list("pk", "exclusive_group"))
    seen = set()
    duplicates = []
    rows = Completion.objects.order_by("created_at", "pk").values_list(
        "pk", "person_id", "challenge_id", "checkin__day"
    )
    for pk, person, challenge, day in rows.iterator():
        keys = [(person, "challenge", challenge, day)]
        if groups[challenge]:
            keys.append((person, "group", groups[challenge], day))
        if seen.intersection(keys):
            duplicates.append(pk)
            continue
        seen.update(keys)
        Completion.objects.filter(pk=pk).update(day=day, exclusive_group=groups[challenge])
    Completion.objects.filter(pk__in=duplicates).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0003_animators_are_the_territorys"),
        ("checkins", "0002_short_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="challenge",
            name="exclusive_group",
            field=models.CharField(
                blank=True,
                choices=[("", "aucun"), ("trajet", "le trajet du jour")],
                help_text="Une personne ne relève qu'un défi du groupe par jour : un trajet se fait à vélo ou en bus, pas les deux.",
                max_length=20,
                verbose_name="groupe de défis qui s'excluent",
            ),
        ),
        migrations.AddField(
            model_name="challenge",
            name="max_per_stage",
            field=models.PositiveSmallIntegerField(
                default=5,
                help_text="Tous lieux confondus ; et jamais plus d'une fois par jour ni par lieu.",
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="au plus, par personne et par étape",
            ),
        ),
        migrations.AddField(
            model_name="completion",
            name="day",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="completion",
            name="exclusive_group",
            field=models.CharField(blank=True, default="", max_length=20),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="completion",
            name="day",
            field=models.DateField(),
        ),
        migrations.AddConstraint(
            model_name="completion",
            constraint=models.UniqueConstraint(
                fields=("person", "challenge", "day"), name="one_completion_per_challenge_day"
            ),
        ),
        migrations.AddConstraint(
            model_name="completion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("exclusive_group", ""), _negated=True),
                fields=("person", "exclusive_group", "day"),
                name="one_exclusive_completion_per_day",
            ),
        ),
    ]
