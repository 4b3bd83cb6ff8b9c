"""The podcast's channel: what the directories read once (title, owner,
language, category, cover) and its permanent identifier. The guid follows
the Podcasting 2.0 namespace: a UUID v5 of the feed's address without its
scheme, in the namespace the specification fixes."""

import uuid

from django.conf import settings

TITLE = "Régénérer, le podcast de Terreau"
DESCRIPTION = (
    "Des voix des territoires : celles et ceux qui réparent, cultivent, coopèrent et "
    "décident ensemble. Chaque épisode a sa transcription."
)
AUTHOR = "La coopérative Terreau"
CATEGORY = ("Society & Culture", "Documentary")
LANGUAGE = "fr"
# podcastindex.org's namespace for podcast:guid (Podcasting 2.0, « guid »).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def feed_url() -> str:
    return settings.SITE_URL + "/podcast/rss/"


def guid() -> uuid.UUID:
    address = feed_url().split("://", 1)[1].rstrip("/")
    return uuid.uuid5(PODCAST_GUID_NAMESPACE, address)


def owner_email() -> str:
    return settings.TERREAU_PODCAST_OWNER_EMAIL
