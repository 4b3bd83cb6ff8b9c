"""The animator role is the territory's (territories.TerritoryAnimator), not
a marathon's: each animator of a marathon becomes an animator of its
territory, then the marathon's own list goes. Backwards, every animator of a
marathon's territory animates the marathon again."""

from django.conf import settings
from django.db import migrations


def to_territories(apps, schema_editor):
    Marathon = apps.get_model("challenges", "Marathon")
    TerritoryAnimator = apps.get_model("territories", "TerritoryAnimator")
    for marathon in Marathon.objects.all():
        for person in marathon.animators.all():
            TerritoryAnimator.objects.get_or_create(
                person=person, territory_id=marathon.territory_id
            )


def to_marathons(apps, schema_editor):
    Marathon = apps.get_model("challenges", "Marathon")
    TerritoryAnimator = apps.get_model("territories", "TerritoryAnimator")
    for marathon in Marathon.objects.all():
        marathon.animators.set(
            TerritoryAnimator.objects.filter(territory_id=marathon.territory_id).values_list(
                "person", flat=True
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0002_marathons"),
        ("territories", "0002_territory_animators"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(to_territories, to_marathons),
        migrations.RemoveField(model_name="marathon", name="animators"),
    ]
