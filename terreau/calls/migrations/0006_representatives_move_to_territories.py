"""The calls app forgets AuthorityRepresentative, now territories' (see
territories.0003): the table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0005_kept_without_the_person"),
        ("territories", "0003_authority_representatives"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuthorityRepresentative")],
            database_operations=[],
        )
    ]
