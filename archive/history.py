"""Record history for staff, from django-pghistory's events.

`ReadableHistory` replaces the admin's "History" page of every tracked record: who
(by name), when, why (the reason given), and which fields changed from what to
what, in the staff member's language, for the record and the rows that belong to it
(a person's spellings, a list's entries...). django-pghistory's own Events view stays
for searching all history; the history of partner API tokens (who was given access
to what) is for administrators, who manage tokens.
"""

import json
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_date
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventsAdmin
from pghistory.admin.core import EventModelFilter
from pghistory.admin.core import LabelFilter
from pghistory.models import Events

from .encryption import EncryptedTextField
from .roles import staff_name

TOKEN_EVENTS = "archive.PartnerTokenEvent"  # noqa: S105 (a model label)
MANAGE_TOKENS = "archive.view_partnertoken"
ACTIONS = {"insert": _("Created"), "update": _("Changed"), "delete": _("Deleted")}
EMPTY = "—"


class KindOfChange(LabelFilter):
    title = _("what happened")

    def lookups(self, request, model_admin):
        return [(label, ACTIONS[label]) for label in ACTIONS]


class KindOfRecord(EventModelFilter):
    title = _("kind of record")

    def lookups(self, request, model_admin):
        return sorted(
            (
                label,
                capfirst(apps.get_model(label).pgh_tracked_model._meta.verbose_name),
            )
            for label, _name in super().lookups(request, model_admin)
        )


class HistoryAdmin(EventsAdmin):
    """All history at once ("History of every record"), in the staff member's
    language; each record's own page is `ReadableHistory`."""

    list_display = ["when", "kind", "record_id", "action", "user", "reason"]

    def get_list_display(self, request):
        return self.list_display

    def get_list_filter(self, request):
        own = {LabelFilter: KindOfChange, EventModelFilter: KindOfRecord}
        return [own.get(f, f) for f in super().get_list_filter(request)]

    def get_queryset(self, request):
        events = super().get_queryset(request).select_related("user")
        if request.user.has_perm(MANAGE_TOKENS):
            return events
        return events.exclude(pgh_model=TOKEN_EVENTS)

    @admin.display(description=_("when"), ordering="pgh_created_at")
    def when(self, event) -> datetime:
        return event.pgh_created_at

    @admin.display(description=_("record number"))
    def record_id(self, event) -> str:
        return event.pgh_obj_id

    @admin.display(description=_("kind of record"))
    def kind(self, event) -> str:
        return capfirst(apps.get_model(event.pgh_obj_model)._meta.verbose_name)

    @admin.display(description=_("what happened"))
    def action(self, event) -> str:
        return str(ACTIONS.get(event.pgh_label, event.pgh_label))


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    when: datetime
    action: str
    record: str  # "" for the record itself, else the row that belongs to it
    who: str
    reason: str
    changes: list[Change] = field(default_factory=list)


class _Values:
    """Shows stored values as a person reads them: choices by label, related rows by
    name, dates in the current language. Related rows are fetched once per model."""

    def __init__(self):
        self.related: dict[type, dict] = {}

    def prefetch(self, fields_and_values: list[tuple[models.Field, object]]) -> None:
        wanted: dict[type, set] = {}
        for model_field, value in fields_and_values:
            if model_field.is_relation and value is not None:
                wanted.setdefault(model_field.related_model, set()).add(value)
        for model, keys in wanted.items():
            self.related[model] = model._base_manager.in_bulk(keys)

    def show(self, model_field: models.Field, value) -> str:
        if value is None or value == "":
            return EMPTY
        if model_field.is_relation:
            found = self.related.get(model_field.related_model, {}).get(value)
            return str(found) if found is not None else f"#{value}"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return str(_("Yes") if value else _("No"))
        if isinstance(model_field, models.BinaryField):
            return str(_("(encrypted)"))
        if isinstance(model_field, EncryptedTextField):  # history keeps the token
            return model_field.from_db_value(value, None, None) or EMPTY
        if isinstance(model_field, models.DateTimeField):
            moment = parse_datetime(str(value))
            return date_format(moment, "DATETIME_FORMAT") if moment else str(value)
        if isinstance(model_field, models.DateField):
            day = parse_date(str(value))
            return date_format(day, "DATE_FORMAT") if isinstance(day, date) else value
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        return str(value)


def _shown_fields(model) -> dict[str, models.Field]:
    """Columns worth reading, by column name (events store rows by column)."""
    return {
        model_field.column: model_field
        for model_field in model._meta.concrete_fields
        if not model_field.primary_key
        and not getattr(model_field, "auto_now", False)
        and not getattr(model_field, "auto_now_add", False)
    }


def history_of(record: models.Model, *, with_tokens: bool = False) -> list[Entry]:
    """Everything that happened to a record and to the rows that refer to it, newest
    first. Partner tokens' events only `with_tokens` (for administrators)."""
    belonging = Events.objects.references(record).exclude(
        pgh_obj_model=record._meta.label
    )
    if not with_tokens:
        belonging = belonging.exclude(pgh_model=TOKEN_EVENTS)
    events = [*Events.objects.tracks(record), *belonging]
    users = get_user_model()._base_manager.in_bulk(
        {(event.pgh_context or {}).get("user") for event in events} - {None}
    )
    values = _Values()
    pending = []
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        shown = _shown_fields(model)
        pairs = _changed_pairs(event, shown)
        values.prefetch([(shown[c], v) for c, pair in pairs for v in pair])
        pending.append((event, model, shown, pairs))
    entries = []
    for event, model, shown, pairs in pending:
        context = event.pgh_context or {}
        user = users.get(context.get("user"))
        own = event.pgh_obj_model == record._meta.label
        entries.append(
            Entry(
                when=event.pgh_created_at,
                action=str(ACTIONS.get(event.pgh_label, event.pgh_label)),
                record="" if own else capfirst(model._meta.verbose_name),
                who=staff_name(user) if user else EMPTY,
                reason=context.get("reason", ""),
                changes=[
                    Change(
                        str(shown[column].verbose_name),
                        values.show(shown[column], before),
                        values.show(shown[column], after),
                    )
                    for column, (before, after) in pairs
                ],
            )
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)  # two sources merged
    return entries


def _changed_pairs(event, shown: dict) -> list[tuple[str, tuple]]:
    """(column, (before, after)) for each shown column the event changed; a row's
    creation lists the values it was given."""
    if event.pgh_diff:
        changed = event.pgh_diff.items()
    else:
        changed = ((column, (None, value)) for column, value in event.pgh_data.items())
    return [
        (column, tuple(pair))
        for column, pair in changed
        if column in shown and pair[0] != pair[1]
    ]


class ReadableHistory:
    """The admin's "History" page, from the record's events (see the module)."""

    def history_view(self, request, object_id, extra_context=None):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(record)s") % {"record": record},
            "opts": self.model._meta,
            "record": record,
            "entries": history_of(
                record, with_tokens=request.user.has_perm(MANAGE_TOKENS)
            ),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/record_history.html", context)
