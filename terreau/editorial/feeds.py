"""Atom feeds of the published stories (Django's syndication framework):
all of them, and one per territory with the stories about it or about a
division inside it."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from terreau.territories.models import Territory

from .models import Story, about_territory

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
