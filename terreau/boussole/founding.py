"""The founding set of the Boussole: seventeen decrees, written so that any
digital project can be questioned against them, law by law.

They are not criteria by themselves: the Boussole asks only about decrees the
members adopted (governance: `Decree` and its `DecreeVersion`s). A new
cooperative puts this set on the agenda of its first assembly
(`resolutions_for`); the demo adopts it at its founding assembly. Each text
is the criterion and, when a project does not meet it, the recommendation.
"""

FOUNDING_DECREES = [
    # law, title, text
    (
        1,
        "Un besoin nommé",
        "Le service répond à un besoin exprimé par les personnes ou les communautés qui "
        "l'utiliseront ; ce besoin est écrit, avec qui l'exprime, avant toute solution technique.",
    ),
    (
        1,
        "Une action dans le monde physique",
        "Le service fait faire quelque chose de concret hors de l'écran (se rencontrer, réparer, "
        "se déplacer autrement, cultiver, apprendre ensemble) ou produit un savoir partagé ; le "
        "temps passé devant l'écran n'est jamais sa mesure de succès.",
    ),
    (
        1,
        "Ce qu'il remplace",
        "Le porteur dit ce que le service remplace et ce qui se passerait sans lui ; le service "
        "n'est pas créé quand une solution existante, numérique ou non, répond au même besoin à "
        "moindre coût pour le vivant.",
    ),
    (
        1,
        "Ni captation ni surconsommation",
        "Le service ne capte pas l'attention (ni fil sans fin, ni série à entretenir, ni "
        "notification pour faire revenir) et ne pousse à aucune consommation qui ne serve sa "
        "finalité.",
    ),
    (
        2,
        "Un territoire nommé",
        "Le service est rattaché à un territoire nommé et, lorsque c'est possible, à des lieux "
        "physiques où l'on peut rencontrer celles et ceux qui le font vivre.",
    ),
    (
        2,
        "Des rencontres plutôt que leur substitut",
        "Le service renvoie vers les lieux, les événements et les personnes du territoire ; il "
        "favorise les rencontres et les actions sur place au lieu de s'y substituer.",
    ),
    (
        2,
        "Des acteurs du territoire",
        "Le service est conçu, hébergé ou maintenu avec des acteurs du territoire ou de "
        "l'économie sociale et solidaire chaque fois que c'est possible.",
    ),
    (
        3,
        "Chaque chiffre expliqué",
        "Tout chiffre montré par le service est expliqué, avec sa source et son mode de calcul.",
    ),
    (
        3,
        "Comprendre et agir par soi-même",
        "Le service aide les personnes à comprendre ce qui les entoure et à agir par elles-mêmes ; "
        "il n'entretient pas la dépendance à un outil ou à un prestataire.",
    ),
    (
        3,
        "Un commun réutilisable",
        "Le code, les données publiques et les connaissances que le service produit sont publiés "
        "sous une licence libre ou ouverte.",
    ),
    (
        4,
        "Des appareils qui durent",
        "Le service fonctionne sur un appareil de plus de sept ans et sur une connexion lente ; "
        "il n'exige ni téléphone récent ni application à installer.",
    ),
    (
        4,
        "Un hébergement connu et sobre",
        "L'hébergement est nommé (pays, opérateur, énergie) ; le service ne garde ni données ni "
        "copies dont il n'a plus l'usage.",
    ),
    (
        4,
        "L'intelligence artificielle en dernier recours",
        "Le service n'utilise un modèle d'intelligence artificielle que si aucune méthode plus "
        "simple ne rend le même service ; son usage, le modèle et son coût énergétique sont "
        "déclarés.",
    ),
    (
        5,
        "Une gouvernance partagée",
        "Les personnes concernées prennent part aux décisions sur le service ; ses règles et qui "
        "les décide sont publics.",
    ),
    (
        5,
        "Des algorithmes décrits",
        "Toute règle qui ordonne, sélectionne, compte ou décide est décrite en mots simples et "
        "publiée avec ses paramètres.",
    ),
    (
        5,
        "Des données minimales et à soi",
        "Le service ne collecte que les données nécessaires, sans traceur ni publicité, n'en "
        "confie aucune à un tiers sans consentement, et chacun peut voir, exporter et supprimer "
        "les siennes.",
    ),
    (
        5,
        "Sûr et accessible à toutes et tous",
        "Le service est protégé (chiffrement, mises à jour, second facteur pour administrer, "
        "sauvegardes éprouvées), dit à qui signaler une faille, est accessible (RGAA, WCAG 2.1 AA) "
        "et traite chaque personne de la même façon.",
    ),
]


def resolutions_for(assembly, first_number: int, resolution_model, law_model) -> list:
    """Put the founding set on an assembly's agenda: one resolution per
    decree, numbered from `first_number`, adopted only if the members vote it."""
    laws = {law.number: law for law in law_model.objects.all()}
    return [
        resolution_model.objects.create(
            assembly=assembly,
            number=first_number + i,
            title="Adoption du décret « %s » (loi %d)" % (title, law),
            text="L'assemblée adopte le décret suivant, du socle fondateur de la Boussole.",
            decree_law=laws[law],
            decree_title=title,
            decree_text=text,
        )
        for i, (law, title, text) in enumerate(FOUNDING_DECREES)
    ]
