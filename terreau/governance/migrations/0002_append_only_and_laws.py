from django.db import migrations

from terreau.governance.append_only import backward_sql, forward_sql


def add_triggers(apps, schema_editor):
    for statement in forward_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def remove_triggers(apps, schema_editor):
    for statement in backward_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def seed_laws(apps, schema_editor):
    # The founding text is data, not code that evolves; importing it keeps one copy.
    from terreau.governance.laws import FIVE_LAWS

    Law = apps.get_model("governance", "Law")
    for number, title, statement in FIVE_LAWS:
        Law.objects.update_or_create(
            number=number, defaults={"title": title, "statement": statement}
        )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [
        migrations.RunPython(add_triggers, remove_triggers),
        migrations.RunPython(seed_laws, migrations.RunPython.noop),
    ]
