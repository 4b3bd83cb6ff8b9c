"""The default programme of an 18-month marathon: six stages of three
months, each on one kind of action, with défis of the catalogue that most
places can host. A new marathon (a laureate's, say) starts from it, or from
the stages of a previous marathon, as drafts its animators adjust and then
publish."""

STAGE_MONTHS = 3
DEFAULT_GOAL = 100

DEFAULT_PROGRAMME = [
    (
        "Se déplacer autrement",
        [
            "journee-sans-voiture-velo",
            "venir-en-bus",
            "venir-en-train",
            "covoiturer-vers-un-evenement",
        ],
    ),
    (
        "Réparer plutôt que jeter",
        [
            "repair-cafe-petit-appareil",
            "repair-cafe-aspirateur",
            "reparer-chaussures",
            "reparer-lave-linge",
        ],
    ),
    (
        "Seconde main",
        [
            "ressourcerie-jean",
            "ressourcerie-tshirt",
            "ressourcerie-pull-laine",
            "troc-robe",
            "bricotheque-emprunt",
        ],
    ),
    (
        "Cultiver et manger local",
        ["jardin-partage-seance", "compost-atelier", "marche-producteurs", "chantier-participatif"],
    ),
    (
        "Un numérique sobre et pour tous",
        ["fresque-du-numerique", "permanence-numerique-aider", "mediatheque-atelier"],
    ),
    (
        "Faire ensemble",
        [
            "fresque-du-climat",
            "ramassage-dechets",
            "cafe-associatif-benevolat",
            "conseil-municipal",
        ],
    ),
]
