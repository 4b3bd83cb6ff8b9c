"""Secret ballots are sealed (issue 21, 3; docs/secret-ballot.md).

Ballots written before held their choice in clear beside a random receipt.
Those of assemblies whose results are published are copied, shuffled, into
the opened box; those of assemblies still voting are sealed with a key pair
made now. The receipts stay valid: they become the ballots' trackers.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def seal_or_open_existing_ballots(apps, schema_editor):
    from terreau.governance import ballot_box

    Assembly = apps.get_model("governance", "Assembly")
    Ballot = apps.get_model("governance", "Ballot")
    CountedBallot = apps.get_model("governance", "CountedBallot")
    for assembly in Assembly.objects.filter(resolutions__ballots__isnull=False).distinct():
        resolutions = assembly.resolutions.filter(is_secret=True)
        if assembly.results_published_at is not None:
            for resolution in resolutions:
                opened = [
                    CountedBallot(resolution=resolution, college_id=college_id, choice=choice)
                    for college_id, choice in Ballot.objects.filter(
                        resolution=resolution
                    ).values_list("college_id", "choice")
                ]
                CountedBallot.objects.bulk_create(ballot_box.shuffled(opened))
            continue
        public_key, private_key = ballot_box.new_key_pair()
        assembly.ballot_public_key, assembly.ballot_private_key = public_key, private_key
        assembly.save(update_fields=["ballot_public_key", "ballot_private_key"])
        for ballot in Ballot.objects.filter(resolution__in=resolutions):
            ballot.sealed = ballot_box.seal(public_key, ballot.choice)
            ballot.save(update_fields=["sealed"])


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_journal_anchors"),
    ]

    operations = [
        migrations.AddField(
            model_name="assembly",
            name="ballot_public_key",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="assembly",
            name="ballot_private_key",
            field=models.BinaryField(editable=False, null=True),
        ),
        migrations.CreateModel(
            name="CountedBallot",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "choice",
                    models.CharField(
                        choices=[
                            ("pour", "pour"),
                            ("contre", "contre"),
                            ("abstention", "abstention"),
                            ("blanc", "vote blanc"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "college",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="governance.college",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="counted_ballots",
                        to="governance.resolution",
                    ),
                ),
            ],
            options={
                "verbose_name": "bulletin dépouillé (scrutin secret)",
                "verbose_name_plural": "bulletins dépouillés (scrutins secrets)",
            },
        ),
        migrations.AddField(
            model_name="ballot",
            name="sealed",
            field=models.BinaryField(default=b"", editable=False),
        ),
        migrations.RenameField(model_name="ballot", old_name="receipt", new_name="tracker"),
        migrations.AlterModelOptions(
            name="ballot",
            options={
                "ordering": ["tracker"],
                "verbose_name": "bulletin scellé (scrutin secret)",
                "verbose_name_plural": "urne scellée (scrutins secrets)",
            },
        ),
        migrations.AlterField(
            model_name="ballot",
            name="tracker",
            field=models.CharField(max_length=14, unique=True),
        ),
        migrations.RunPython(seal_or_open_existing_ballots, migrations.RunPython.noop),
        migrations.RemoveField(model_name="ballot", name="choice"),
    ]
