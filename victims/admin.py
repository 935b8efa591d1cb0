import pghistory
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from import_export.formats.base_formats import XLSX

from archive.admin import ImportJobAdmin
from archive.admin import ModeratedRemovalFormSet
from archive.admin import ModeratedRemovalInline
from archive.admin import SpreadsheetField
from archive.exports import csv_cell
from archive.history import ReadableHistory
from archive.visibility import Visibility
from sources.admin import RecordAdmin
from sources.admin import RecordInlineMixin
from sources.tables import TableError

from . import review  # noqa: F401 (review registers the linkage queue)
from .actions import person_sheets
from .models import CriminalCase
from .models import Death
from .models import Defendant
from .models import Detention
from .models import Hearing
from .models import Incident
from .models import Injury
from .models import NameVariant
from .models import Person
from .models import PersonImport
from .models import Place
from .person_resource import PersonResource


class DeathRecorded(admin.EmptyFieldListFilter):
    """Whether a death is recorded; titled (a reverse relation has no label)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("death")


@admin.register(Place)
class PlaceAdmin(ReadableHistory, admin.ModelAdmin):
    list_display = ["name_en", "name_kk", "name_ru", "kind", "facility_kind", "parent"]
    list_filter = ["kind", "facility_kind"]
    search_fields = ["name_en", "name_kk", "name_ru"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RemovalFormSet(ModeratedRemovalFormSet, BaseInlineFormSet):
    pass


class ModeratedTabularInline(ModeratedRemovalInline, admin.TabularInline):
    """Rows of a record's page that only a moderator removes, one empty row to add."""

    formset = RemovalFormSet
    extra = 1


class NameVariantInline(ModeratedTabularInline):
    """Other spellings; the recorded name itself follows the person's own fields."""

    model = NameVariant
    fields = ["surname", "given_name", "patronymic", "script", "source", "note"]
    autocomplete_fields = ["source"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_primary=False)


class DeathInline(RecordInlineMixin, admin.StackedInline):
    model = Death
    fields = [
        ("occurred_on", "occurred_precision"),
        ("place", "incident"),
        ("cause", "on_official_list", "body_returned", "autopsy"),
        "circumstances",
        "visibility",
    ]
    autocomplete_fields = ["place", "incident"]
    max_num = 1


class DetentionInline(RecordInlineMixin, admin.StackedInline):
    model = Detention
    fields = [
        ("occurred_on", "occurred_precision", "place"),
        ("facility", "released_on", "released_precision"),
        ("charges", "criminal_case"),
        ("outcome", "sentence"),
        "visibility",
    ]
    autocomplete_fields = ["place", "facility", "criminal_case"]


class InjuryInline(RecordInlineMixin, admin.StackedInline):
    model = Injury
    fields = [
        ("occurred_on", "occurred_precision"),
        ("place", "incident", "cause"),
        "description",
        "visibility",
    ]
    autocomplete_fields = ["place", "incident"]


class SafeExport:
    """An export format whose text cells never run as spreadsheet formulas."""

    def export_data(self, dataset, **kwargs):
        safe = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            # Text as every CSV writes it; numbers and dates keep their type.
            safe.append([csv_cell(c) if isinstance(c, str) else c for c in row])
        return super().export_data(safe, **kwargs)


class SafeCSV(SafeExport, CSV):
    pass


class SafeXLSX(SafeExport, XLSX):
    pass


@admin.register(Person)
class PersonAdmin(ImportExportMixin, RecordAdmin):
    """The person's page: names, what happened, and citations in one place.

    allegations/admin.py registers a subclass with the torture allegations inline
    (that app depends on this one, not the other way round).
    """

    list_display = [
        "name",
        "role",
        "residence_region",
        "visibility",
        "naming",
        "is_fictional",
    ]
    list_filter = [
        "role",
        "sex",
        "naming",
        "is_fictional",
        ("death", DeathRecorded),
        "residence_region",
        *RecordAdmin.list_filter,
    ]
    search_fields = [
        "surname",
        "given_name",
        "patronymic",
        "pseudonym",
        "name_variants__surname",
        "name_variants__given_name",
        "=uuid",
    ]
    autocomplete_fields = ["residence_region", "residence_settlement"]
    list_select_related = ["residence_region"]
    readonly_fields = [*RecordAdmin.readonly_fields, "is_fictional"]
    fieldsets = [
        (
            _("Name in the original script"),
            {"fields": [("surname", "given_name", "patronymic")]},
        ),
        (
            _("About the person"),
            {
                "fields": [
                    ("sex", "role"),
                    ("birth_date", "birth_precision", "age_at_events"),
                    ("residence_region", "residence_settlement"),
                    ("occupation", "citizenship"),
                ]
            },
        ),
        (
            _("Publication and consent"),
            {
                "fields": [
                    ("visibility", "details_visibility"),
                    ("naming", "pseudonym"),
                    "consent_note",
                ]
            },
        ),
        (_("Why this change"), {"fields": ["change_reason"]}),
        (
            _("Record"),
            {
                "classes": ["collapse"],
                "fields": RecordAdmin.readonly_fields + ["is_fictional"],
            },
        ),
    ]
    inlines = [
        NameVariantInline,
        DeathInline,
        DetentionInline,
        InjuryInline,
        *RecordAdmin.inlines,
    ]
    resource_classes = [PersonResource]

    @admin.display(description=pgettext_lazy("a person's", "name"), ordering="surname")
    def name(self, person: Person) -> str:
        """The real name: the workspace is for staff (str(person) is public)."""
        return person.name_for(Visibility.STAFF)

    import_formats = [CSV, XLSX]
    export_formats = [SafeCSV, SafeXLSX]

    def get_export_queryset(self, request):
        return PersonResource.with_related(super().get_export_queryset(request))

    def process_import(self, request, **kwargs):
        """The confirmed import: history records who imported which file."""
        file_name = request.POST.get("original_file_name", "")
        with pghistory.context(reason=f"spreadsheet import: {file_name}"):
            return super().process_import(request, **kwargs)


@admin.register(Incident)
class IncidentAdmin(RecordAdmin):
    list_display = ["title_en", "occurred_on", "place", "visibility"]
    search_fields = ["title_en", "title_kk", "title_ru"]
    autocomplete_fields = ["place"]
    list_select_related = ["place"]
    date_hierarchy = "occurred_on"


def staff_name_of(field: str):
    """A changelist column: the real name of the record's person, for staff."""

    @admin.display(description=_("person"), ordering=f"{field}__surname")
    def column(self, record) -> str:
        return getattr(record, field).name_for(Visibility.STAFF)

    return column


class EventAdmin(RecordAdmin):
    person_name = staff_name_of("person")

    list_display = ["person_name", "occurred_on", "place", "visibility"]
    search_fields = ["person__surname", "person__given_name", "person__pseudonym"]
    list_select_related = ["person", "place"]
    date_hierarchy = "occurred_on"


@admin.register(Death)
class DeathAdmin(EventAdmin):
    list_display = [*EventAdmin.list_display, "cause", "on_official_list"]
    list_filter = ["cause", "on_official_list", *RecordAdmin.list_filter]
    autocomplete_fields = ["person", "place", "incident"]


@admin.register(Injury)
class InjuryAdmin(EventAdmin):
    list_filter = ["cause", *RecordAdmin.list_filter]
    autocomplete_fields = ["person", "place", "incident"]


@admin.register(Detention)
class DetentionAdmin(EventAdmin):
    list_display = [*EventAdmin.list_display, "facility", "outcome"]
    list_filter = ["outcome", *RecordAdmin.list_filter]
    autocomplete_fields = ["person", "place", "facility", "criminal_case"]


class DefendantInline(ModeratedTabularInline):
    model = Defendant
    fields = ["person", "role", "articles", "outcome", "sentence", "unit"]
    autocomplete_fields = ["person"]


class HearingInline(ModeratedTabularInline):
    model = Hearing
    fields = ["held_on", "court", "what_happened", "monitored_by"]


@admin.register(CriminalCase)
class CriminalCaseAdmin(RecordAdmin):
    list_display = ["__str__", "court", "opened_on", "outcome", "visibility"]
    list_filter = ["outcome", *RecordAdmin.list_filter]
    search_fields = ["number", "court", "summary"]
    inlines = [DefendantInline, HearingInline, *RecordAdmin.inlines]


class PersonSheetForm(forms.Form):
    file = SpreadsheetField(
        help_text=_(
            "The columns of the person export (surname, given_name, ..., source, "
            "locator); every row adds a new person, staff-only until published."
        ),
    )
    reason = forms.CharField(
        label=_("Reason for this import"),
        max_length=500,
        help_text=_("Kept in the history of every record it writes, with your name."),
    )


@admin.register(PersonImport)
class PersonImportAdmin(ImportJobAdmin):
    """Large sheets of people, imported by a worker: "Add" sends one, then its
    status page follows it."""

    list_display = [*ImportJobAdmin.list_display, "people_created"]
    may_import = "victims.add_person"

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm(self.may_import)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PersonSheetForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                person_import = person_sheets.receive_person_sheet(
                    content=upload.read(),
                    filename=upload.name,
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
            except TableError as error:
                form.add_error("file", str(error))
            else:
                return redirect(person_import.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a sheet of people"),
            "form": form,
        }
        status = 400 if form.errors else 200
        return TemplateResponse(
            request, "admin/victims/personimport/send.html", context, status=status
        )
