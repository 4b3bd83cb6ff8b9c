import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_price_not_negative")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="modifié le"
            ),
            preserve_default=False,
        ),
    ]
