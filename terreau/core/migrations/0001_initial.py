from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Theme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=60, unique=True, verbose_name="identifiant")),
                ("name", models.CharField(max_length=120, verbose_name="nom")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="ordre")),
            ],
            options={
                "ordering": ["position"],
                "verbose_name": "thème",
                "verbose_name_plural": "thèmes",
            },
        ),
    ]
