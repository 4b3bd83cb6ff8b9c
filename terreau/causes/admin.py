from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Cause, Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "closes_at", "selection_size", "selected_at"]
    readonly_fields = ["selected_at"]
    actions = ["stop_selection"]

    @admin.action(description=_("Arrêter la sélection (après la clôture)"))
    def stop_selection(self, request, queryset):
        for round_ in queryset:
            try:
                chosen = services.select_causes(round_=round_, at=timezone.now())
            except services.CauseRefused as refusal:
                self.message_user(request, "%s : %s" % (round_, refusal.message), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(round)s : %(n)d causes retenues.") % {"round": round_, "n": len(chosen)},
                )


@admin.register(Cause)
class CauseAdmin(admin.ModelAdmin):
    """Moderation: a proposal is published, or refused with a reason that its
    author reads on the cause's page."""

    list_display = ["title", "territory", "association", "status", "created_at"]
    list_filter = ["round", "status"]
    search_fields = ["title", "association", "rna"]
    autocomplete_fields = ["territory", "proposed_by"]
    readonly_fields = ["published_at", "supports_at_closing", "rank", "is_selected"]
    actions = ["publish"]

    @admin.action(description=_("Publier les causes choisies"))
    def publish(self, request, queryset):
        now = timezone.now()
        for cause in queryset.exclude(status=Cause.Status.PUBLISHED):
            services.publish_cause(cause=cause, at=now)
        self.message_user(request, _("Causes publiées."))
