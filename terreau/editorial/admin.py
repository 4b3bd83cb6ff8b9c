from django.contrib import admin

from .models import Editor, Story, StoryImage, StoryRevision


@admin.register(Editor)
class EditorAdmin(admin.ModelAdmin):
    """Staff appoint editors here: about every territory, or one."""

    list_display = ["person", "territory", "since"]
    autocomplete_fields = ["person", "territory"]
    search_fields = ["person__display_name", "person__email", "territory__name"]


class StoryImageInline(admin.TabularInline):
    model = StoryImage
    fields = ["position", "alt", "caption", "width", "height"]
    readonly_fields = ["width", "height"]
    extra = 0
    can_delete = False


class StoryRevisionInline(admin.TabularInline):
    model = StoryRevision
    fields = ["number", "note", "saved_by", "saved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    """For technical repairs: editors write at /media/redaction/, where every
    save is kept as a revision."""

    list_display = ["title", "territory", "state", "publish_at"]
    list_filter = ["state"]
    search_fields = ["title", "territory__name"]
    readonly_fields = ["slug", "created_by", "created_at", "updated_at"]
    autocomplete_fields = ["territory"]
    raw_id_fields = ["places", "events", "marathons", "challenges", "calls", "causes"]
    inlines = [StoryImageInline, StoryRevisionInline]
