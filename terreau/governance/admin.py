from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    Amendment,
    Assembly,
    AssemblyDocument,
    AuditEntry,
    Consultation,
    Decree,
    DecreeVersion,
    Law,
    Member,
    MembershipApplication,
    Resolution,
    ShareMovement,
    Statutes,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the services (register, trail, votes)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Statutes)
class StatutesAdmin(admin.ModelAdmin):
    list_display = ["title", "adopted_on", "uploaded_at"]


class ResolutionInline(admin.StackedInline):
    model = Resolution
    extra = 1
    fields = [
        "number",
        "title",
        "text",
        "is_secret",
        "decree",
        "decree_law",
        "decree_title",
        "decree_text",
        "consultation",
    ]

    def _editable(self, obj):
        return obj is None or obj.convened_at is None

    def has_add_permission(self, request, obj=None):
        return self._editable(obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj)


class DocumentInline(admin.TabularInline):
    model = AssemblyDocument
    extra = 1


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "voting_closes_at",
        "convened_at",
        "results_published_at",
    ]
    inlines = [ResolutionInline, DocumentInline]
    autocomplete_fields = ["place"]
    actions = ["convene", "publish_results"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.convened_at:
            # A convened assembly is what members were told: it no longer changes.
            return [
                "kind",
                "convocation",
                "title",
                "starts_at",
                "place",
                "online",
                "voting_opens_at",
                "voting_closes_at",
            ]
        return []

    @admin.action(description=_("Convoquer (envoie la convocation à chaque sociétaire)"))
    def convene(self, request, queryset):
        for assembly in queryset:
            try:
                sent = services.convene(assembly=assembly)
            except services.GovernanceRefused as refusal:
                self.message_user(request, "%s : %s" % (assembly, refusal.message), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(a)s : convocation envoyée à %(n)d sociétaire(s).")
                    % {"a": assembly, "n": sent},
                )

    @admin.action(description=_("Publier les résultats (après la clôture du vote)"))
    def publish_results(self, request, queryset):
        for assembly in queryset:
            try:
                services.publish_results(assembly=assembly)
            except services.GovernanceRefused as refusal:
                self.message_user(request, "%s : %s" % (assembly, refusal.message), messages.ERROR)
            else:
                self.message_user(request, _("%(a)s : résultats publiés.") % {"a": assembly})


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(ReadOnlyAdmin):
    list_display = ["legal_name", "college", "shares", "status", "created_at"]
    list_filter = ["status", "college"]


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["number", "legal_name", "college", "admitted_on", "left_on"]
    list_filter = ["college"]
    search_fields = ["legal_name", "=number"]


@admin.register(ShareMovement)
class ShareMovementAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "member", "kind", "shares", "reference", "recorded_at"]
    list_filter = ["kind"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["number", "at", "action", "summary"]
    list_filter = ["action"]


@admin.register(Law)
class LawAdmin(ReadOnlyAdmin):
    list_display = ["number", "title"]


@admin.register(Decree)
class DecreeAdmin(ReadOnlyAdmin):
    list_display = ["__str__"]


@admin.register(DecreeVersion)
class DecreeVersionAdmin(ReadOnlyAdmin):
    list_display = ["decree", "version", "adopted_on", "resolution"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    """Read only: consultations are published from the site's form and
    amendments answered there, by services that write the audit trail."""

    list_display = ["title", "law", "territory", "closes_on"]


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "consultation", "status"]
    list_filter = ["status"]
