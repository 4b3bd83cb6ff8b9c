"""Atom feeds of the published stories (Django's syndication framework):
all of them, and one per territory with the stories about it or about a
division inside it; the podcast's RSS 2.0 feed, with the `itunes:` and
`podcast:` namespaces."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from terreau.territories.models import Territory

from . import podcast
from .models import Episode, Story, about_territory

ITEMS = 30


class StoriesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Régénérer — les articles de Terreau")

    def subtitle(self):
        return _("Les initiatives et les résultats concrets des territoires.")

    def link(self):
        return reverse("editorial:list")

    def stories(self):
        return Story.objects.visible(timezone.now()).select_related("territory")

    def items(self):
        return self.stories()[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.publish_at, item.corrected_at or item.publish_at)

    def item_author_name(self, item):
        return item.credits

    def item_categories(self, item):
        return [str(item.territory)]

    def item_guid(self, item):
        # Stable whatever the title or address becomes.
        return "tag:terreau,2026:story/%d" % item.pk

    item_guid_is_permalink = False


class TerritoryStoriesFeed(StoriesFeed):
    def get_object(self, request, kind, code):
        return get_object_or_404(Territory, kind=kind, code=code)

    def title(self, obj):
        return _("Régénérer — %s") % obj

    def subtitle(self, obj):
        return _("Les articles sur %s et ses communes.") % obj

    def link(self, obj):
        return "%s?%s" % (reverse("editorial:list"), "territoire=%d" % obj.pk)

    def items(self, obj):
        return self.stories().filter(about_territory(obj))[:ITEMS]


class PodcastRss(Rss201rev2Feed):
    """RSS 2.0 with the tags the directories read (Apple's `itunes:`) and
    the Podcasting 2.0 namespace (`podcast:`)."""

    def rss_attributes(self):
        attributes = super().rss_attributes()
        attributes["xmlns:itunes"] = "http://www.itunes.com/dtds/podcast-1.0.dtd"
        attributes["xmlns:podcast"] = "https://podcastindex.org/namespace/1.0"
        return attributes

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        handler.addQuickElement("itunes:author", podcast.AUTHOR)
        handler.addQuickElement("itunes:summary", feed["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:image", attrs={"href": feed["cover"]})
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", podcast.AUTHOR)
        handler.addQuickElement("itunes:email", podcast.owner_email())
        handler.endElement("itunes:owner")
        handler.startElement("itunes:category", {"text": podcast.CATEGORY[0]})
        handler.addQuickElement("itunes:category", attrs={"text": podcast.CATEGORY[1]})
        handler.endElement("itunes:category")
        handler.startElement("image", {})
        handler.addQuickElement("url", feed["cover"])
        handler.addQuickElement("title", feed["title"])
        handler.addQuickElement("link", feed["link"])
        handler.endElement("image")
        handler.addQuickElement("podcast:guid", str(podcast.guid()))
        handler.addQuickElement("podcast:locked", "yes", attrs={"owner": podcast.owner_email()})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        episode = item["episode"]
        handler.addQuickElement("itunes:title", episode.title)
        handler.addQuickElement("itunes:episode", str(episode.number))
        handler.addQuickElement("itunes:episodeType", "full")
        handler.addQuickElement("itunes:duration", str(episode.duration))
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:summary", episode.summary)
        handler.addQuickElement("podcast:episode", str(episode.number))
        handler.addQuickElement(
            "podcast:transcript",
            attrs={
                "url": item["transcript_url"],
                "type": "text/plain",
                "language": podcast.LANGUAGE,
            },
        )
        if episode.chapters:
            handler.addQuickElement(
                "podcast:chapters",
                attrs={"url": item["chapters_url"], "type": "application/json+chapters"},
            )


class PodcastFeed(Feed):
    feed_type = PodcastRss
    title = podcast.TITLE
    description = podcast.DESCRIPTION
    language = podcast.LANGUAGE
    author_name = podcast.AUTHOR

    def link(self):
        return reverse("editorial:podcast")

    def feed_extra_kwargs(self, obj):
        return {"cover": settings.SITE_URL + static("terreau/podcast.png")}

    def items(self):
        return Episode.objects.visible(timezone.now()).order_by("-publish_at", "-number")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_author_name(self, item):
        return item.credits

    def item_guid(self, item):
        return str(item.guid)

    item_guid_is_permalink = False

    def item_enclosures(self, item):
        return [
            Enclosure(settings.SITE_URL + item.audio_url, str(item.audio_bytes), item.audio_type)
        ]

    def item_extra_kwargs(self, item):
        base = settings.SITE_URL + item.get_absolute_url()
        return {
            "episode": item,
            "transcript_url": base + "transcription.txt",
            "chapters_url": base + "chapitres.json",
        }
