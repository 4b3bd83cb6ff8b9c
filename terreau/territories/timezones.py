"""Time zones of French territories. Pure module.

Metropolitan France and Corsica are on Europe/Paris; every overseas
department and collectivity has its own zone. French Polynesia spans three.
Codes are the INSEE codes of the Code officiel géographique.
"""

PARIS = "Europe/Paris"

BY_DEPARTEMENT = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "984": "Indian/Kerguelen",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
    "989": "Pacific/Pitcairn",  # Clipperton keeps UTC−8, as Pitcairn does
}

BY_COMMUNE = {
    # Marquesas Islands (UTC−9:30)
    "98718": "Pacific/Marquesas",  # Fatu-Hiva
    "98723": "Pacific/Marquesas",  # Hiva-Oa
    "98731": "Pacific/Marquesas",  # Nuku-Hiva
    "98746": "Pacific/Marquesas",  # Tahuata
    "98756": "Pacific/Marquesas",  # Ua-Huka
    "98757": "Pacific/Marquesas",  # Ua-Pou
    # Gambier Islands (UTC−9)
    "98719": "Pacific/Gambier",
    # Adélie Land (TAAF) keeps the time of the Dumont d'Urville station
    "98414": "Antarctica/DumontDUrville",
}


def time_zone_for(*, departement_code: str, commune_code: str = "") -> str:
    return BY_COMMUNE.get(commune_code) or BY_DEPARTEMENT.get(departement_code, PARIS)
