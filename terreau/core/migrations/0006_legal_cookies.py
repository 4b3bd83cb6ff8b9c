"""The personal-data page named two cookies; it now names every cookie the
site sets. Only the seeded sentence is replaced, where staff left it as it
was: the rest of their text is never touched."""

from django.db import migrations

SEEDED = (
    "Aucun cookie de mesure d'audience ou de publicité : seuls le cookie de\n"
    "session (pour rester connecté) et le cookie de protection des formulaires sont déposés."
)
EVERY_COOKIE = (
    "Aucun cookie de mesure d'audience ou de publicité. Les seuls cookies\n"
    "déposés font marcher le site : la session (pour rester connecté), la protection des\n"
    "formulaires, le message qui confirme un formulaire envoyé (effacé dès qu'il est affiché) et,\n"
    "sur un site doté d'une copie de sa base de données, un cookie vide de dix secondes après un\n"
    "formulaire, pour que la page suivante montre ce que vous venez d'écrire. La tablette qu'un\n"
    "lieu installe pour afficher son code de présence garde le cookie qui l'identifie comme écran\n"
    "du lieu."
)


def name_every_cookie(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    for page in LegalPage.objects.filter(kind="donnees-personnelles", body__contains=SEEDED):
        page.body = page.body.replace(SEEDED, EVERY_COOKIE)
        page.save(update_fields=["body"])


def name_two_cookies(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    for page in LegalPage.objects.filter(kind="donnees-personnelles", body__contains=EVERY_COOKIE):
        page.body = page.body.replace(EVERY_COOKIE, SEEDED)
        page.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("core", "0005_french_unaccent_search")]

    operations = [migrations.RunPython(name_every_cookie, name_two_cookies)]
