"""A release's large tables written by PostgreSQL: each row's JSON text and CSV line,
built in one query over the public API's own queryset.

At 1,000,000 people a release holds about 4,000,000 rows. Written through the API's
serializers in Python that took 11 minutes (#14): about 140 µs a person and 160 µs
a citation, before the CSV, the JSON and the hashing. PostgreSQL writes the same
text in 20-50 µs a row, on two connections at once (`releases`). The rules stay
the API's:

- the rows are the API viewset's queryset for an anonymous caller (`visible_at`,
  readable sources, its filters);
- the columns are the serializer's fields, each translated here from its field
  class (a field of a class not translated stops the release);
- sensitive fields appear where `details_visible_at` allows, name fields and
  spellings where `name_visible_at` does (`Member.shown`);
- the text is what Python writes: the API's `json_text` byte for byte, and the csv
  module's line of `csv_cell`s (tests compare every table with the API's exports).

A row that would show an encrypted field (a public testimony, say) is written by
the serializer: PostgreSQL cannot read the field (`Table.by_python`).
"""

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import replace

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db import models
from django.db import transaction
from django.db.models import Case
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import Func
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import Subquery
from django.db.models import Value
from django.db.models import When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.db.models.functions import Coalesce
from django.db.models.functions import Concat
from django.db.models.lookups import Exact
from django.utils import timezone
from rest_framework import serializers

from archive.api import VisibleRecordField
from archive.encryption import EncryptedTextField
from archive.exports import CHUNK
from archive.exports import FORMULA_STARTS
from archive.exports import batches
from archive.visibility import Visibility
from archive.visibility import levels_up_to
from sources.models import Citation
from sources.serializers import CitationBriefSerializer
from victims.models import NameVariant
from victims.models.people import named_at
from victims.models.people import shown_name
from victims.person_rows import NAME_FIELDS
from victims.person_rows import events_by_field
from victims.person_rows import single_event_fields

CLEARANCE = Visibility.PUBLIC
TEXT = models.TextField()


def _literal(text: str) -> Value:
    return Value(text, output_field=TEXT)


def _call(function: str, *expressions) -> Func:
    return Func(*expressions, function=function, output_field=TEXT)


def _text(expression) -> Cast:
    return Cast(expression, TEXT)


def _joined(separator: str, *expressions) -> Func:
    """The texts joined by `separator`, NULLs left out."""
    return _call("concat_ws", _literal(separator), *expressions)


def _wrapped(before: str, inside, after: str) -> Concat:
    return Concat(_literal(before), inside, _literal(after), output_field=TEXT)


# JSON text, as Python's json module writes it (", " and ": " between items).


def json_value(expression) -> Coalesce:
    """A value's JSON text (null for NULL): text, numbers, booleans, dates, ids."""
    return Coalesce(
        _text(_call("to_json", expression)), _literal("null"), output_field=TEXT
    )


def json_list(items) -> Concat:
    """A JSON array of an SQL array of JSON texts."""
    return _wrapped("[", _call("array_to_string", items, _literal(", ")), "]")


def json_array_column(expression) -> Concat:
    """A PostgreSQL array column as a JSON array."""
    items = Func(
        expression,
        template="ARRAY(SELECT to_json(item)::text FROM unnest(%(expressions)s) item)",
        output_field=TEXT,
    )
    return json_list(items)


class Kind(enum.Enum):
    """How a value is written: JSON text and CSV cell."""

    TEXT = "text"  # free text or a number: spreadsheet-safe, quoted as needed
    PLAIN = "plain"  # an id, a date, a moment, a choice: never quoted nor a formula
    BOOLEAN = "boolean"
    STRUCTURED = "structured"  # a list or an object, the value its JSON text


@dataclass(frozen=True)
class Member:
    """One field of a row: its value, how it is written, and when the row has it
    (None: always)."""

    name: str
    value: object
    kind: Kind
    shown: Q | None = None

    def json(self, value) -> object:
        """The JSON text of `value` (this member's value or a reference to it)."""
        return value if self.kind is Kind.STRUCTURED else json_value(value)

    def cell(self, value) -> object:
        """The CSV cell of `value`, as `csv_cell` writes it."""
        if self.kind is Kind.TEXT:
            return _call("release_csv_text", _text(value), Value(list(FORMULA_STARTS)))
        if self.kind is Kind.PLAIN:
            return Coalesce(_text(value), _literal(""), output_field=TEXT)
        if self.kind is Kind.BOOLEAN:
            return Case(
                When(Exact(value, True), then=_literal("True")),
                When(Exact(value, False), then=_literal("False")),
                default=_literal(""),
                output_field=TEXT,
            )
        # The JSON text quoted; an empty list needs no quotes. Built-in functions
        # only, each reading the text once.
        quoted = _wrapped(
            '"', _call("replace", value, _literal('"'), _literal('""')), '"'
        )
        return _call("regexp_replace", quoted, _literal(r'^"\[\]"$'), _literal("[]"))


def json_object(members: list[Member], values: list | None = None) -> Concat:
    """The members as a JSON object, in their order; a member whose `shown` does
    not hold is left out (concat_ws skips NULL). `values` (references to the
    members' values) default to the values themselves."""
    parts = []
    for member, value in zip(
        members, values or [m.value for m in members], strict=True
    ):
        part = Concat(
            _literal(f'"{member.name}": '), member.json(value), output_field=TEXT
        )
        if member.shown is not None:
            part = Case(When(member.shown, then=part), default=None, output_field=TEXT)
        parts.append(part)
    return _wrapped("{", _joined(", ", *parts), "}")


def csv_line(members: list[Member], values: list) -> Func:
    """The members as a CSV line without its end; a hidden member is an empty cell."""
    cells = []
    for member, value in zip(members, values, strict=True):
        cell = member.cell(value)
        if member.shown is not None:
            cell = Case(
                When(member.shown, then=cell), default=_literal(""), output_field=TEXT
            )
        cells.append(cell)
    return _joined(",", *cells)


# Between a row's JSON text and its CSV line in `RowTexts`: JSON text never holds
# it raw (JSON escapes control characters), so the first one is the boundary.
BOUNDARY = "\x1e"


class RowTexts(Func):
    """A row's JSON text, BOUNDARY and its CSV line, with every member's value
    computed once: in a subquery that PostgreSQL may not flatten (OFFSET 0), whose
    columns both texts read. Without it, a list of citations was read once for
    each text. One text rather than an array, which PostgreSQL and psycopg would
    escape and unescape."""

    output_field = TEXT

    def __init__(self, members: list[Member]) -> None:
        # Column names of the subquery below: an index, never input.
        references = [
            RawSQL(  # noqa: S611
                f'computed."m{index}"',
                [],
                output_field=models.BooleanField() if m.kind is Kind.BOOLEAN else TEXT,
            )
            for index, m in enumerate(members)
        ]
        super().__init__(
            json_object(members, references),
            csv_line(members, references),
            *(member.value for member in members),
        )

    def as_sql(self, compiler, connection, **extra_context):
        json, line, *values = self.get_source_expressions()
        json_sql, json_params = compiler.compile(json)
        line_sql, line_params = compiler.compile(line)
        columns, params = [], [*json_params, *line_params]
        for index, value in enumerate(values):
            sql, value_params = compiler.compile(value)
            columns.append(f'{sql} AS "m{index}"')
            params.extend(value_params)
        return (  # compiled expressions, their values passed as parameters
            f"(SELECT {json_sql} || chr({ord(BOUNDARY)}) || {line_sql} "  # noqa: S608
            f"FROM (SELECT {', '.join(columns)} OFFSET 0) AS computed)",
            params,
        )


def scalar(name: str, expression) -> Member:
    return Member(name, expression, Kind.TEXT)


def plain(name: str, expression) -> Member:
    return Member(name, expression, Kind.PLAIN)


def structured(name: str, json_text) -> Member:
    return Member(name, json_text, Kind.STRUCTURED)


def boolean(name: str, expression) -> Member:
    return Member(name, expression, Kind.BOOLEAN)


def moment(name: str, expression) -> Member:
    """A moment as DRF writes it: ISO 8601 in the session's time zone (`Table`
    sets the current one), without zero microseconds, "Z" for UTC."""
    text = _call("to_char", expression, _literal('YYYY-MM-DD"T"HH24:MI:SS.USTZH:TZM'))
    text = _call("regexp_replace", text, _literal(r"\.000000(?=[+-])"), _literal(""))
    return plain(
        name, _call("regexp_replace", text, _literal(r"\+00:00$"), _literal("Z"))
    )


# What the API's fields are in SQL.


def citations(model: type[models.Model]) -> Member:
    """A record's citations the caller may read in full, in id order."""
    brief = CitationBriefSerializer()
    members = [_member(name, field, Citation) for name, field in brief.fields.items()]
    cited = (
        Citation.objects.shown_at(CLEARANCE)
        .filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
        )
        .order_by("id")
        .values(json=json_object(members))
    )
    return structured("citations", json_list(ArraySubquery(cited)))


def _member(name: str, field: serializers.Field, model) -> Member:
    source = field.source
    if isinstance(field, serializers.ListSerializer) and isinstance(
        field.child, CitationBriefSerializer
    ):
        return citations(model)
    if isinstance(field, VisibleRecordField):
        related = model._meta.get_field(source).related_model
        readable = related.objects.readable_at(CLEARANCE).filter(
            pk=OuterRef(f"{source}_id")
        )
        return plain(name, Subquery(readable.values("uuid")))
    if isinstance(field, serializers.SlugRelatedField) and field.slug_field == "uuid":
        return plain(name, F(f"{source}__uuid"))
    if isinstance(field, serializers.DateTimeField):
        return moment(name, F(source))
    if isinstance(field, serializers.BooleanField):
        return boolean(name, F(source))
    if isinstance(field, serializers.ListField | serializers.MultipleChoiceField):
        return structured(name, json_array_column(F(source)))
    if isinstance(
        field, serializers.ChoiceField | serializers.DateField | serializers.UUIDField
    ):
        return plain(name, F(source))
    if isinstance(field, serializers.CharField | serializers.IntegerField):
        return scalar(name, F(source))
    raise ImproperlyConfigured(
        f"A release has no SQL for {model.__name__}.{name} ({type(field).__name__})."
    )


def details_shown() -> Q:
    """Rows whose sensitive fields the caller may read (`details_visible_at`)."""
    return Q(details_visibility__in=levels_up_to(CLEARANCE))


def members_of(
    serializer: serializers.Serializer, overrides: dict[str, Member] | None = None
) -> list[Member]:
    """The serializer's fields as members; sensitive ones shown with the details."""
    model = serializer.Meta.model
    overrides = overrides or {}
    members = []
    for name, field in serializer.fields.items():
        member = overrides.get(name) or _member(name, field, model)
        if name in getattr(model, "SENSITIVE_FIELDS", ()):
            member = replace(member, shown=details_shown())
        members.append(member)
    return members


def encrypted_shown(
    serializer: serializers.Serializer, members: list[Member]
) -> Q | None:
    """Rows that show an encrypted field with something in it (None: no such
    field)."""
    model = serializer.Meta.model
    encrypted = {
        field.name
        for field in model._meta.fields
        if isinstance(field, EncryptedTextField)
    }
    shown = None
    for member in members:
        source = serializer.fields[member.name].source
        if source in encrypted:
            showing = ~Q(**{source: ""})
            if member.shown is not None:
                showing &= member.shown
            shown = showing if shown is None else shown | showing
    return shown


# People: what PersonRows writes, in SQL.


def _records_of(model) -> models.QuerySet:
    """A person's records of `model` the caller may read, in the model's order
    (the person is readable: the rows are `visible_at`)."""
    return (
        model.objects.readable_at(CLEARANCE)
        .filter(**{model.OWNER: OuterRef("pk")})
        .order_by(*model._meta.ordering)
    )


def _ids(records: models.QuerySet) -> ArraySubquery:
    """The records' public ids as JSON texts."""
    return ArraySubquery(records.values(json=json_value(F("uuid"))))


def person_members(serializer: serializers.Serializer) -> list[Member]:
    from victims.serializers import NameVariantSerializer

    spelling = NameVariantSerializer()
    spellings = (
        NameVariant.objects.readable_at(CLEARANCE)
        .filter(person=OuterRef("pk"))
        .order_by("id")
        .values(json=json_object(members_of(spelling)))
    )
    singles = single_event_fields()
    overrides = {
        "name": scalar("name", shown_name(CLEARANCE)),
        "name_variants": structured(
            "name_variants", json_list(ArraySubquery(spellings))
        ),
        **{
            field: plain(field, Subquery(_records_of(model).values("uuid")[:1]))
            if field in singles
            else structured(field, json_list(_ids(_records_of(model))))
            for field, model in events_by_field().items()
        },
        "match": plain("match", Value(None, output_field=TEXT)),
    }
    members = members_of(serializer, overrides)
    return [
        replace(member, shown=named_at(CLEARANCE))
        if member.name in NAME_FIELDS
        else member
        for member in members
    ]


# The tables.


def table_members(table: str, serializer: serializers.Serializer) -> list[Member]:
    if table == "people":
        return person_members(serializer)
    if table == "citations":
        # The viewset annotates what each citation cites (`record_uuid`).
        return members_of(
            serializer,
            {
                "record_type": plain("record_type", F("content_type__model")),
                "record": plain("record", F("record_uuid")),
            },
        )
    return members_of(serializer)


@dataclass
class Table:
    """A table written by PostgreSQL, and by `python` (a function of the records'
    pks giving their (JSON text, CSV line)) for the rows PostgreSQL cannot read."""

    queryset: models.QuerySet
    members: list[Member]
    by_python: Q | None

    def lines(self, python) -> Iterator[tuple[str, str, str]]:
        """(id, JSON text, CSV line) of every row, in id order."""
        by_python = (
            ExpressionWrapper(self.by_python, output_field=models.BooleanField())
            if self.by_python is not None
            else Value(False)
        )
        rows = (
            self.queryset.prefetch_related(None)
            .order_by("uuid")
            .values_list("pk", _text("uuid"), by_python, RowTexts(self.members))
        )
        # One transaction: the cursor streams (no WITH HOLD copy of the whole
        # result), and the moments are written in the current time zone, which
        # is set for the session while PostgreSQL writes. Django reads moments
        # in the session's own zone, so that is back while the serializer works.
        zone = timezone.get_current_timezone_name()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('TimeZone')")
            (own_zone,) = cursor.fetchone()

            def session_zone(name: str) -> None:
                cursor.execute("SELECT set_config('TimeZone', %s, true)", [name])

            session_zone(zone)
            for batch in batches(rows.iterator(chunk_size=CHUNK), CHUNK):
                if needed := [pk for pk, _id, by_python, _text in batch if by_python]:
                    session_zone(own_zone)
                    written = python(needed)
                    session_zone(zone)
                for pk, uuid, by_python, texts in batch:
                    if by_python:
                        yield uuid, *written[pk]
                    else:
                        text, _boundary, line = texts.partition(BOUNDARY)
                        yield uuid, text, line
            session_zone(own_zone)


def table(name: str, queryset: models.QuerySet, serializer) -> Table:
    members = table_members(name, serializer)
    return Table(queryset, members, encrypted_shown(serializer, members))
