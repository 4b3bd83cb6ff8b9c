from django.contrib import admin

from .models import Answer, Assessment, Remark


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["decree_version", "value", "evidence", "link", "measurement"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """For the cooperative's technical staff: read what was published. Answers
    belong to their authors and are not edited here."""

    list_display = ["name", "organisation", "territory", "status", "published_at", "verdict_law"]
    list_filter = ["status", "kind", "verdict_law"]
    search_fields = ["name", "organisation"]
    autocomplete_fields = ["territory", "authority"]
    raw_id_fields = ["author", "previous"]
    readonly_fields = [
        "status",
        "published_at",
        "verdict_law",
        "verdict_status",
        "created_at",
        "report_pdf",
        "report_pdf_at",
    ]
    inlines = [AnswerInline]


@admin.register(Remark)
class RemarkAdmin(admin.ModelAdmin):
    list_display = ["assessment", "answer", "by_authors", "unsupported", "created_at"]
    raw_id_fields = ["assessment", "answer", "person"]
