from django.db import migrations

# Frozen copy: a migration must not import code that may change later.
THEMES = [
    ("implication-citoyenne", "Implication citoyenne"),
    ("souverainete-inclusion-numerique", "Souveraineté et inclusion numérique"),
    ("developpement-durable", "Développement durable"),
    ("cohesion-des-territoires", "Cohésion des territoires"),
    ("transition-ecologique-sociale", "Transition écologique et sociale"),
    ("faire-societe", "Faire société et vivre ensemble"),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("core", "Theme")
    for position, (slug, name) in enumerate(THEMES):
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
