from django.contrib import admin

from terreau.territories import freshness

from .models import CalendarToken, Event, Registration


class RegistrationInline(admin.TabularInline):
    """Read-only: registrations change through the services, which keep the
    seat counter and the waiting list consistent."""

    model = Registration
    extra = 0
    fields = ["person", "status", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "starts_at", "capacity", "seats_taken", "status"]
    list_filter = ["status", "registration_required", "themes"]
    search_fields = ["title", "place__name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["place", "created_by"]
    readonly_fields = ["seats_taken", "created_at", "updated_at", "cancelled_at"]
    list_select_related = ["place"]
    inlines = [RegistrationInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.save()
        else:
            # Never write back a stale `seats_taken`: the registrations own it.
            changed = [name for name in form.changed_data if name != "themes"]
            if changed:
                obj.save(update_fields=[*changed, "updated_at"])
        freshness.listing_changed(obj.place.commune)


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["person", "created_at"]
    raw_id_fields = ["person"]
    exclude = ["token"]
