"""Sources, organisations and figures in the staff workspace, and the base of every
record's admin (RecordAdmin): citations on each record's page, publishing and
retraction. Nothing can be deleted here; records are retracted with a reason."""

import pghistory
from django.contrib import admin
from django.contrib import messages
from django.contrib.contenttypes.admin import BaseGenericInlineFormSet
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.actions import retract_records
from archive.admin import PUBLISH_PERMISSION
from archive.admin import ImportJobAdmin
from archive.admin import ModeratedRemovalFormSet
from archive.admin import ModeratedRemovalInline
from archive.admin import OwnPages
from archive.admin import ReadOnlyAdmin
from archive.admin import RecordAdminForm
from archive.admin import RetractForm
from archive.admin import act_with_reason
from archive.history import ReadableHistory
from archive.storage import sha256_of
from archive.visibility import Visibility
from archive.widening import WideningRefused
from archive.widening import refuse_widening

from .actions import SHARED_NEEDS_CITATION
from .actions import lacks_citation
from .actions import preview_rows
from .actions import publish_records
from .actions import read_import
from .actions import receive_list_file
from .actions import start_list_import
from .files import validate_document
from .forms import ColumnMappingForm
from .forms import ListFileForm
from .models import Citation
from .models import EntryAnnotation
from .models import Figure
from .models import ListEntry
from .models import ListImport
from .models import Organisation
from .models import Source
from .models import VictimList
from .tables import TableError


class CitationFormSet(ModeratedRemovalFormSet, BaseGenericInlineFormSet):
    """A shared record keeps, through every edit, a citation its audience may read."""

    def clean(self) -> None:
        super().clean()
        level = self.instance.visibility
        kept = sum(
            1
            for form in self.forms
            if (source := form.cleaned_data.get("source"))
            and not form.cleaned_data.get("DELETE")
            and source.readable_at(Visibility(level))
        )
        if lacks_citation(self.instance, visibility=level, citations=kept):
            raise ValidationError(SHARED_NEEDS_CITATION)


class CitationInline(ModeratedRemovalInline, GenericTabularInline):
    model = Citation
    formset = CitationFormSet

    fields = ["source", "locator", "note"]
    autocomplete_fields = ["source"]
    extra = 1
    verbose_name = _("citation")
    verbose_name_plural = _("citations: the sources that report this")


class RecordInlineFormSet(BaseInlineFormSet):
    """Records edited inside another page: their citations live on their own page."""

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            visibility = form.cleaned_data.get("visibility")
            if not visibility or form.cleaned_data.get("DELETE"):
                continue
            record = form.instance
            citations = Citation.objects.readable_count(record, Visibility(visibility))
            if lacks_citation(record, visibility=visibility, citations=citations):
                form.add_error(
                    "visibility",
                    _("%(rule)s Open this record's own page to add it.")
                    % {"rule": SHARED_NEEDS_CITATION},
                )


class RecordInlineMixin:
    formset = RecordInlineFormSet
    show_change_link = True
    extra = 0

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RecordAdmin(ReadableHistory, admin.ModelAdmin):
    form = RecordAdminForm
    inlines = [CitationInline]
    actions = ["publish", "retract"]
    readonly_fields = [
        "uuid",
        "created_at",
        "updated_at",
        "retracted_at",
        "retraction_reason",
    ]
    list_filter = ["visibility", ("retracted_at", admin.EmptyFieldListFilter)]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.refused = getattr(request, "widening_refused", None)
        return form

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        reason = (
            request.POST.get("change_reason", "") if request.method == "POST" else ""
        )
        with pghistory.context(reason=reason):
            try:
                return super().changeform_view(
                    request, object_id, form_url, extra_context
                )
            except WideningRefused as refused:
                # Everything the page wrote was undone; it comes back with the
                # posted values and the refusal as its form's error.
                request.widening_refused = refused
                return super().changeform_view(
                    request, object_id, form_url, extra_context
                )

    def save_model(self, request, obj, form, change) -> None:
        """Saved in save_related, with the page's other rows, once all are known."""

    def save_related(self, request, form, formsets, change) -> None:
        """The record and every row its inlines write, as one write that may not
        widen who reads unless the user is a moderator (archive.widening)."""
        rows = [form.instance]
        rows += [each.instance for formset in formsets for each in formset.forms]
        with refuse_widening(by=request.user, records=rows):
            super().save_model(request, form.instance, form, change)
            super().save_related(request, form, formsets, change)

    def response_action(self, request, queryset):
        """Every action on selected records runs through the write-side rule."""
        if not request.POST.get("select_across"):
            chosen = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
            queryset = queryset.filter(pk__in=chosen)
        try:
            with refuse_widening(by=request.user, records=queryset):
                return super().response_action(request, queryset)
        except WideningRefused as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return redirect(request.get_full_path())

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    @admin.action(description=_("Publish selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        report = publish_records(queryset)
        if report.published:
            self.message_user(
                request,
                ngettext(
                    "%d record published.", "%d records published.", report.published
                )
                % report.published,
            )
        if report.refused:
            self.message_user(
                request,
                _("Not published (no citation): %(records)s")
                % {"records": "; ".join(report.refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Retract selected records"), permissions=["change"])
    def retract(self, request, queryset):
        def retract_all(reason: str) -> int:
            return retract_records(queryset, reason=reason)

        return act_with_reason(self, request, queryset, RetractForm, retract_all)


@admin.register(Organisation)
class OrganisationAdmin(ReadableHistory, admin.ModelAdmin):
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


PREVIEW_ROWS = 20


class VictimListForm(SourceForm):
    class Meta:
        model = VictimList
        exclude = ["kind"]  # always a list


@admin.register(VictimList)
class VictimListAdmin(OwnPages, SourceAdmin):
    """A published list of names, as a source; its rows are imported, never typed."""

    form = VictimListForm
    own_pages = [
        ("<path:object_id>/import/", "import_file_view", "sources_victimlist_import"),
        (
            "imports/<int:import_id>/",
            "import_mapping_view",
            "sources_victimlist_import_mapping",
        ),
    ]
    list_display = [
        "title",
        "compiled_by",
        "counts",
        "claimed_count",
        "entry_count",
        "as_of",
        "visibility",
    ]
    list_filter = ["counts", *RecordAdmin.list_filter]
    autocomplete_fields = ["publishers", "compiled_by"]
    date_hierarchy = "as_of"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    def _page(self, request, template: str, title: str, **context):
        return TemplateResponse(
            request,
            f"admin/sources/victimlist/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                **context,
            },
        )

    def import_file_view(self, request, object_id: str):
        """Step one: the file, checked whole before anything is kept."""
        victim_list = self.get_object(request, object_id)
        if victim_list is None or not self.has_change_permission(request, victim_list):
            raise PermissionDenied
        form = ListFileForm(request.POST or None, request.FILES or None)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                list_import = receive_list_file(
                    victim_list,
                    content=upload.read(),
                    filename=upload.name,
                    user=request.user,
                )
            except TableError as error:
                form.add_error("file", str(error))
            else:
                return redirect(list_import.get_absolute_url())
        return self._page(
            request,
            "import_file.html",
            _("Import the rows of %(list)s") % {"list": victim_list.title},
            form=form,
            victim_list=victim_list,
        )

    def import_mapping_view(self, request, import_id: int):
        """Step two: which column holds which field, with a preview of every row's
        warnings; then the import (or, once started, its progress)."""
        list_import = get_object_or_404(
            ListImport.objects.select_related("victim_list"), pk=import_id
        )
        if not self.has_change_permission(request, list_import.victim_list):
            raise PermissionDenied
        title = _("Import the rows of %(list)s") % {
            "list": list_import.victim_list.title
        }
        if list_import.status != ListImport.Status.UPLOADED:
            return redirect(list_import.get_absolute_url())
        table = read_import(list_import)
        form = ColumnMappingForm(
            request.POST or None,
            headers=table.headers,
            initial=list_import.mapping,
        )
        mapping = form.mapping if form.is_valid() else list_import.mapping
        if form.is_valid() and "import" in request.POST:
            start_list_import(list_import, mapping=form.mapping)
            return redirect(list_import.get_absolute_url())
        parsed = preview_rows(table, mapping)
        warned = [
            (number, row) for number, row in enumerate(parsed, start=1) if row.warnings
        ]
        return self._page(
            request,
            "import_mapping.html",
            title,
            form=form,
            list_import=list_import,
            headers=table.headers,
            preview=list(zip(table.rows[:PREVIEW_ROWS], parsed, strict=False)),
            warned=warned[:PREVIEW_ROWS],
            warned_count=len(warned),
        )

    @admin.display(description=_("entries kept"), ordering="entry_count")
    def entry_count(self, victim_list: VictimList) -> int:
        return victim_list.entry_count


@admin.register(ListImport)
class ListImportAdmin(ImportJobAdmin):
    """Files of lists' rows: each is sent from its list's page ("Import")."""

    list_display = ["victim_list", *ImportJobAdmin.list_display]
    list_select_related = ["victim_list", "created_by"]
    may_import = "sources.change_victimlist"


class EntryAnnotationInline(admin.TabularInline):
    model = EntryAnnotation
    fields = ["field", "value", "reason", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # append-only: a later annotation corrects an earlier one

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ListEntry)
class ListEntryAdmin(ReadableHistory, admin.ModelAdmin):
    """Rows as published: read-only; corrections are annotations with a reason."""

    list_display = ["victim_list", "row_number", "name_as_written", "event_date"]
    list_filter = ["victim_list"]
    search_fields = ["name_as_written", "surname", "given_name"]
    list_select_related = ["victim_list"]
    inlines = [EntryAnnotationInline]
    readonly_fields = ["victim_list", "row_number", "columns", *ListEntry.PARSED_FIELDS]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The page saves only new annotations; the entry's own fields are read-only.
        return request.user.has_perm("sources.add_entryannotation")

    def save_model(self, request, obj, form, change) -> None:
        """The entry is never written (a trigger would refuse it): only its new
        annotations are saved (save_formset)."""

    def save_formset(self, request, form, formset, change) -> None:
        for annotation in formset.save(commit=False):
            annotation.author = request.user
            annotation.save()


@admin.register(Citation)
class CitationAdmin(ReadOnlyAdmin):
    """Read-only; citations are added on the page of the record they support.
    Removed ones are listed too, with who removed them and why."""

    list_display = ["source", "content_type", "object_id", "locator", "created_at"]
    list_display += ["removed_at", "removed_by", "removal_reason"]
    list_filter = ["content_type", ("removed_at", admin.EmptyFieldListFilter)]
    search_fields = ["source__title", "locator", "note"]
    list_select_related = ["source", "content_type", "removed_by"]

    def get_queryset(self, request):
        return Citation.including_removed.all()


@admin.register(Figure)
class FigureAdmin(RecordAdmin):
    list_display = ["metric", "qualifier", "value", "claimant", "as_of", "visibility"]
    list_filter = ["metric", "claimant", *RecordAdmin.list_filter]
    search_fields = ["note", "includes", "claimant__name"]
    autocomplete_fields = ["claimant"]
    list_select_related = ["claimant"]
    date_hierarchy = "as_of"
