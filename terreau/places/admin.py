from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from terreau.territories import freshness
from terreau.territories.models import Territory

from . import services
from .models import HostInvitation, OpeningHours, Place, PlaceHost, PlaceReport, PlaceToModerate
from .signals import place_moved


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class PlaceHostInline(admin.TabularInline):
    model = PlaceHost
    extra = 0
    raw_id_fields = ["person"]


@admin.action(description=_("Publier les lieux sélectionnés"))
def publish(modeladmin, request, queryset):
    count = services.publish_places(list(queryset), at=timezone.now())
    modeladmin.message_user(
        request,
        ngettext("%(n)d lieu publié.", "%(n)d lieux publiés.", count) % {"n": count},
        messages.SUCCESS,
    )


@admin.action(description=_("Refuser les lieux sélectionnés (hors sujet ou doublon)"))
def reject(modeladmin, request, queryset):
    count = services.reject_places(
        list(queryset), reason=_("Refusé par l'équipe de modération : hors sujet ou doublon.")
    )
    modeladmin.message_user(
        request,
        ngettext("%(n)d lieu refusé.", "%(n)d lieux refusés.", count) % {"n": count},
        messages.WARNING,
    )


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "status", "created_at"]
    list_filter = ["status", "kind", "themes"]
    search_fields = ["name", "commune__name", "address"]
    autocomplete_fields = ["commune", "proposed_by"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "published_at"]

    def save_model(self, request, obj, form, change):
        """Staff may move a place without a new moderation (they are the
        moderators), but the rules that rest on where it is are re-checked
        as for a host's move (`place_moved`)."""
        super().save_model(request, obj, form, change)
        if change and "commune" in form.changed_data:
            old_commune_id = form.initial.get("commune")
            place_moved.send(
                sender=Place, place=obj, old_commune_id=old_commune_id, at=timezone.now()
            )
            freshness.listing_changed(Territory.objects.get(pk=old_commune_id))
        freshness.listing_changed(obj.commune)

    inlines = [OpeningHoursInline, PlaceHostInline]
    actions = [publish, reject]
    list_select_related = ["commune__departement"]


@admin.register(PlaceToModerate)
class PlaceToModerateAdmin(PlaceAdmin):
    list_display = ["name", "kind", "commune", "proposed_by", "created_at"]
    list_filter = ["kind"]
    ordering = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Place.Status.PROPOSED)


@admin.register(PlaceReport)
class PlaceReportAdmin(admin.ModelAdmin):
    list_display = ["place", "reason", "reporter", "created_at", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["place", "reporter"]
    actions = ["mark_resolved"]

    @admin.action(description=_("Marquer comme traités"))
    def mark_resolved(self, request, queryset):
        count = queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(n)d signalement traité.", "%(n)d signalements traités.", count)
            % {"n": count},
        )


@admin.register(HostInvitation)
class HostInvitationAdmin(admin.ModelAdmin):
    list_display = ["place", "email", "invited_by", "created_at", "accepted_at"]
    raw_id_fields = ["place", "invited_by"]
    exclude = ["token"]
