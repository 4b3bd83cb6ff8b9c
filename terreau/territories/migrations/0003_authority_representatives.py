"""AuthorityRepresentative moves here from the calls app, where it was born,
so that every app above (events, places, calls, the Boussole) can read who
speaks for a local authority. Only Django's idea of the model moves: the
table keeps its name and its rows (calls.0006 forgets the old model)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0002_territory_animators"),
        ("calls", "0005_kept_without_the_person"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuthorityRepresentative",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                help_text="Maire, président·e…",
                                max_length=150,
                                verbose_name="fonction",
                            ),
                        ),
                        (
                            "verified_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="vérifié le"),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="authority_roles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="personne",
                            ),
                        ),
                        (
                            "territory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="representatives",
                                to="territories.territory",
                                verbose_name="collectivité",
                            ),
                        ),
                        (
                            "verified_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="vérifié par",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "représentant·e d'une collectivité",
                        "verbose_name_plural": "représentant·es des collectivités",
                        "db_table": "calls_authorityrepresentative",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("person", "territory"),
                                name="one_representative_role_per_territory",
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]
