"""The five laws, in their order, as the founding plea states them."""

FIVE_LAWS = [
    (
        1,
        "La visée régénérative",
        "Le numérique doit assumer sa responsabilité systémique, en servant des finalités "
        "qui contribuent à la régénération des écosystèmes humains et naturels. Il privilégie "
        "l'utilité collective durable à la croissance technologique. Cette loi pose la question "
        "du POURQUOI nous créons du numérique et non pas du comment.",
    ),
    (
        2,
        "L'Ancrage",
        "Le numérique doit s'ancrer dans un territoire, il ne doit pas détourner les citoyens "
        "de vivre des expériences au plus près dans leur territoire mais au contraire favoriser "
        "les interactions bénéfiques avec le monde physique, sauf à contrevenir à la première loi.",
    ),
    (
        3,
        "Encapacitation",
        "Le numérique doit augmenter la capacité des personnes et des communautés à comprendre "
        "et à agir sur ce qui les entoure, retrouver sa vocation d'accès et d'émancipation par "
        "le savoir, sauf à contrevenir à la première et la seconde loi.",
    ),
    (
        4,
        "La Sobriété",
        "Si le numérique doit être conçu et géré pour minimiser sa consommation de ressources "
        "(le comment), il doit surtout avoir, par son usage, une visée régénérative (le pourquoi) "
        "en accompagnant ses bénéficiaires pour une économie durable, juste et solidaire, sauf à "
        "contrevenir aux lois supérieures.",
    ),
    (
        5,
        "L'Intégrité",
        "Le numérique doit garantir une gouvernance collective, des algorithmes transparents, "
        "la sécurité et la souveraineté des données, et un traitement équitable pour tous ses "
        "utilisateurs, sauf à contrevenir aux lois supérieures.",
    ),
]


def seed(law_model) -> None:
    """Create or restore the five laws (the migration passes its historical
    model; the demo and tests, the current one)."""
    for number, title, statement in FIVE_LAWS:
        law_model.objects.update_or_create(
            number=number, defaults={"title": title, "statement": statement}
        )
