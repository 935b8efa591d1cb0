from django.contrib import admin

from archive.admin import RecordAdmin, RecordAdminForm

from .actions import sha256_of
from .files import validate_document
from .models import Citation, Figure, Organisation, Source


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "name_kk", "name_ru"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SourceForm(RecordAdminForm):
    class Meta:
        model = Source
        fields = "__all__"

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            validate_document(file)
        return file


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    form = SourceForm
    inlines = []
    list_display = ["title", "kind", "published_on", "language", "visibility"]
    list_filter = ["kind", "language", *RecordAdmin.list_filter]
    search_fields = ["title", "reference", "publishers__name"]
    autocomplete_fields = ["publishers"]
    prepopulated_fields = {"reference": ["title"]}
    readonly_fields = [*RecordAdmin.readonly_fields, "sha256"]
    date_hierarchy = "published_on"

    def save_model(self, request, obj, form, change) -> None:
        if "file" in form.changed_data:
            obj.sha256 = sha256_of(obj.file) if obj.file else ""
        super().save_model(request, obj, form, change)


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    """Read-only; citations are added on the page of the record they support."""

    list_display = ["source", "content_type", "object_id", "locator", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["source__title", "locator", "note"]
    list_select_related = ["source", "content_type"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Figure)
class FigureAdmin(RecordAdmin):
    list_display = ["metric", "qualifier", "value", "claimant", "as_of", "visibility"]
    list_filter = ["metric", "claimant", *RecordAdmin.list_filter]
    search_fields = ["note", "includes", "claimant__name"]
    autocomplete_fields = ["claimant"]
    list_select_related = ["claimant"]
    date_hierarchy = "as_of"
