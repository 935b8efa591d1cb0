"""Numbered public releases: the public records as a Frictionless Data Package.

Every table is what the public API gives an anonymous caller: the same queryset,
the same visibility rules and the same fields (names per naming rules, no
sensitive details, nothing staff-only or for partners only), written as CSV and as
JSON. The tables that grow with the people are written by PostgreSQL
(`release_sql`), the others through the API's serializers; the text is the same
either way (tests compare every table with the API's exports). Rows are in id
order and nothing in a file depends on the clock, so the same database state gives
byte-identical files.

Beside the data: `datapackage.json` (a schema for every table), `index/<table>.csv`
(each row's id and the SHA-256 of its JSON, for the next release's changelog),
`changelog.json` and `changelog.csv` (rows added, changed and retracted since the
previous release, found by merging the two sorted indexes), and
`manifest-sha256.txt` (every file's SHA-256, as `sha256sum -c` reads it).
"""

import csv
import hashlib
import json
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Empty
from queue import SimpleQueue

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils import translation
from frictionless import Package
from frictionless import Resource
from frictionless import Schema
from frictionless import fields as types
from rest_framework import serializers
from rest_framework.request import Request

from archive.api import MomentField
from archive.api import UUIDRelatedField
from archive.exports import CHUNK
from archive.exports import Echo
from archive.exports import csv_cell
from archive.exports import csv_cells
from archive.exports import json_text
from archive.storage import sha256_of_path
from archive.visibility import Visibility
from sources.api import CitationViewSet
from sources.api import FigureViewSet
from sources.api import OrganisationViewSet
from sources.api import SourceViewSet
from sources.models import ListEntry
from sources.models import VictimList
from victims import happenings
from victims.api import CriminalCaseViewSet
from victims.api import IncidentViewSet
from victims.api import PersonViewSet
from victims.api import PlaceViewSet
from victims.list_api import LinkedEntrySerializer
from victims.list_api import LinkedVictimListViewSet
from victims.list_api import linked_entries

from . import release_sql

LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
OTHER_VIEWSETS = {
    "incidents": IncidentViewSet,
    "criminal-cases": CriminalCaseViewSet,
    "places": PlaceViewSet,
    "organisations": OrganisationViewSet,
    "sources": SourceViewSet,
    "citations": CitationViewSet,
    "figures": FigureViewSet,
    "lists": LinkedVictimListViewSet,
}
ENTRIES = "list-entries"


def viewsets() -> dict[str, type]:
    """Each table and the viewset whose anonymous list it is: people, then every
    kind of what happened (victims.happenings), then the rest."""
    kinds = {kind.resource: kind.viewset for kind in happenings.kinds()}
    return {"people": PersonViewSet, **kinds, **OTHER_VIEWSETS}


def written_by_database() -> set[str]:
    """Written by PostgreSQL (`reports.release_sql`): the tables that grow with the
    people, about 4,000,000 rows at 1,000,000 people."""
    return {"people", "citations", *(kind.resource for kind in happenings.kinds())}


# The order tables are taken in when two connections write (the largest first).
LARGEST_FIRST = {"people": -3, "citations": -2, "detentions": -1}


def tables() -> list[str]:
    return [*viewsets(), ENTRIES]


CHANGES = ("added", "changed", "retracted")
MANIFEST = "manifest-sha256.txt"


def _public(viewset_class):
    """The viewset as it answers an anonymous caller's list request."""
    http = HttpRequest()
    http.method = "GET"
    http.user = AnonymousUser()
    return viewset_class(
        request=Request(http), format_kwarg=None, action="list", args=(), kwargs={}
    )


def _field_type(field: serializers.Field):
    """The Frictionless field for a serializer field (JSON text in CSV cells for
    lists and objects)."""
    if isinstance(field, serializers.ListSerializer | serializers.ListField):
        return types.ArrayField
    if isinstance(
        field, serializers.ManyRelatedField | serializers.MultipleChoiceField
    ):
        return types.ArrayField
    if isinstance(field, serializers.BooleanField):
        return types.BooleanField
    if isinstance(field, serializers.IntegerField):
        return types.IntegerField
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        return types.NumberField
    if isinstance(field, serializers.DateTimeField | MomentField):
        return types.StringField  # ISO 8601 with microseconds, as the API gives it
    if isinstance(field, serializers.DateField):
        return types.DateField
    if isinstance(
        field,
        serializers.UUIDField | UUIDRelatedField | serializers.SlugRelatedField,
    ):
        return types.StringField
    if isinstance(field, serializers.CharField | serializers.ChoiceField):
        return types.StringField
    return types.AnyField


def _schema(serializer: serializers.Serializer, first: list[str] = ()) -> Schema:
    fields = [types.StringField(name=name) for name in first]
    for name, field in serializer.fields.items():
        kind = _field_type(field)
        fields.append(kind(name=name, description=str(field.help_text or "")))
    return Schema(
        fields=fields, primary_key=["id"] if "id" in serializer.fields else []
    )


def _tables() -> Iterator[tuple[str, list[str], Schema, Iterable[tuple]]]:
    """(name, columns, schema, lines) for every table: each line is a row's id, its
    JSON text and its CSV line, in id order."""
    for name, viewset_class in viewsets().items():
        view = _public(viewset_class)
        serializer = view.get_serializer()
        columns = list(serializer.fields)
        if name in written_by_database():
            queryset = view.filter_queryset(view.get_queryset())
            lines = release_sql.table(name, queryset, serializer).lines(
                _serialized(view, queryset, columns)
            )
        else:
            rows = view.exported_rows(ordering="uuid")
            lines = _python_lines(rows, columns, lambda row: row["id"])
        yield name, columns, _schema(serializer), lines
    entry_fields = LinkedEntrySerializer(context={"clearance": Visibility.PUBLIC})
    columns = ["list", *entry_fields.fields]
    yield (
        ENTRIES,
        columns,
        _schema(entry_fields, first=["list"]),
        _python_lines(
            _public_entries(),
            columns,
            lambda row: f"{row['list']}#{row['row_number']:07d}",
        ),
    )


CSV_LINE = csv.writer(Echo(), lineterminator="")


def _texts(row: dict, columns: list[str]) -> tuple[str, str]:
    """A row's JSON text and CSV line, as the API's exports write them."""
    return json_text(row), CSV_LINE.writerow(csv_cells(row, columns))


def _python_lines(
    rows: Iterable[dict], columns: list[str], row_id: Callable[[dict], str]
) -> Iterator[tuple[str, str, str]]:
    for row in rows:
        yield (row_id(row), *_texts(row, columns))


def _serialized(view, queryset, columns: list[str]) -> Callable:
    """The (JSON text, CSV line) of records by pk, through the API's serializer."""

    def written(pks: list[int]) -> dict[int, tuple[str, str]]:
        if not pks:
            return {}
        records = list(queryset.filter(pk__in=pks))
        rows = view.get_serializer(records, many=True).data
        return {
            record.pk: _texts(row, columns)
            for record, row in zip(records, rows, strict=True)
        }

    return written


def _public_entries() -> Iterator[dict]:
    """The entries of public lists with their linked people, as the API gives them,
    in list id and row order."""
    lists = VictimList.objects.visible_at(Visibility.PUBLIC).order_by("uuid")
    for victim_list in lists.iterator():
        entries = ListEntry.objects.filter(victim_list=victim_list).order_by(
            "row_number"
        )
        chunk: list[ListEntry] = []
        for entry in entries.iterator(chunk_size=CHUNK):
            chunk.append(entry)
            if len(chunk) == CHUNK:
                yield from _with_list(victim_list, chunk)
                chunk = []
        yield from _with_list(victim_list, chunk)


def _with_list(victim_list: VictimList, chunk: list[ListEntry]) -> Iterator[dict]:
    for row in linked_entries(chunk, Visibility.PUBLIC):
        yield {"list": str(victim_list.uuid), **row}


def write_release(
    directory: Path,
    *,
    number: int,
    previous: Callable[[str], Iterator[str]] | None,
    snapshot: str | None = None,
) -> tuple[dict[str, int], dict]:
    """Write release `number` into `directory`; `previous(table)` gives the lines of
    the previous release's index of that table (None for the first release).
    With `snapshot` (this transaction's, exported), a second connection writes
    tables too, reading the same state. Returns the rows of each table and the
    changes since the previous release."""
    (directory / "data").mkdir(parents=True)
    (directory / "index").mkdir()
    tables = list(_tables())
    written = _write_tables(directory, tables, snapshot)
    counts, resources = {}, []
    for name, _columns, schema, _lines in tables:
        counts[name] = written[name]
        resources.append(
            Resource(
                name=name,
                path=f"data/{name}.csv",
                format="csv",
                mediatype="text/csv",
                encoding="utf-8",
                schema=schema,
            )
        )
        resources.append(
            Resource(
                name=f"{name}-json",
                path=f"data/{name}.json",
                format="json",
                mediatype="application/json",
                encoding="utf-8",
                schema=schema,
            )
        )
    changes = _changelog(directory, number, previous)
    package = Package(
        name=f"qantar-archive-release-{number}",
        title=f"Qantar archive, public release {number}",
        description=(
            "The public records of the Qantar archive: people killed, detained, "
            "injured and tortured in and after the January 2022 events in "
            "Kazakhstan, with the sources that cite them. Names follow each "
            "person's naming rule; no staff-only data or sensitive details."
        ),
        version=str(number),
        licenses=[LICENCE],
        resources=resources,
    )
    _write_json(directory / "datapackage.json", package.to_descriptor())
    _write_manifest(directory)
    return counts, changes


def _write_tables(directory: Path, tables: list, snapshot: str | None) -> dict:
    """Write every table; with `snapshot`, this connection and another take the
    tables in turn, the largest first, so that two PostgreSQL backends write at
    once (one wrote 4,000,000 rows on one core, #14). Returns each table's rows."""
    waiting: SimpleQueue = SimpleQueue()
    for table in sorted(tables, key=lambda table: LARGEST_FIRST.get(table[0], 0)):
        waiting.put(table)
    counts: dict[str, int] = {}

    def write_waiting() -> None:
        while True:
            try:
                name, columns, _schema, lines = waiting.get_nowait()
            except Empty:
                return
            counts[name] = _write_table(directory, name, columns, lines)

    if snapshot is None:
        write_waiting()
        return counts
    # The other thread writes in this thread's language and time zone (labels of
    # unnamed people, moments), as this one would.
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def write_waiting_here() -> None:
        with translation.override(language), timezone.override(zone):
            write_waiting()

    with ThreadPoolExecutor(max_workers=1) as other:
        beside = other.submit(in_snapshot, snapshot, write_waiting_here)
        write_waiting()
        beside.result()
    return counts


def in_snapshot(snapshot: str, work: Callable[[], None]) -> None:
    """Run `work` on this thread's own connection, in a transaction that reads the
    exported `snapshot`; the connection is closed after."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            work()
    finally:
        connection.close()


def _write_table(directory: Path, name: str, columns: list[str], lines) -> int:
    count = 0
    with (
        (directory / "data" / f"{name}.csv").open("w", newline="") as table,
        (directory / "data" / f"{name}.json").open("w") as array,
        (directory / "index" / f"{name}.csv").open("w", newline="") as index,
    ):
        table.write(CSV_LINE.writerow(columns) + "\n")
        index.write("id,sha256\r\n")
        array.write("[")
        for row_id, text, line in lines:
            array.write(("," if count else "") + "\n" + text)
            table.write(line + "\n")
            # An id is a UUID, or one with "#" and a row number: nothing to quote.
            index.write(f"{row_id},{hashlib.sha256(text.encode()).hexdigest()}\r\n")
            count += 1
        array.write("\n]\n")
    return count


def _changelog(directory: Path, number: int, previous) -> dict:
    """Merge each table's sorted index with the previous release's: the ids added,
    changed (another hash) and retracted (in the previous release, not in this)."""
    summary: dict = {"release": number, "previous": number - 1 if previous else None}
    changes: dict = {}
    with (directory / "changelog.csv").open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["table", "change", "id"])
        for name in tables():
            counts = dict.fromkeys(CHANGES, 0)
            if previous is not None:
                with (directory / "index" / f"{name}.csv").open(newline="") as now:
                    for change, row_id in _merge(_index(previous(name)), _index(now)):
                        counts[change] += 1
                        writer.writerow(map(csv_cell, (name, change, row_id)))
            changes[name] = counts
    summary["tables"] = changes if previous is not None else {}
    _write_json(directory / "changelog.json", summary)
    return summary


def _index(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    rows = csv.reader(lines)
    next(rows, None)  # the header
    yield from (tuple(row) for row in rows)


def _merge(before: Iterator, after: Iterator) -> Iterator[tuple[str, str]]:
    """Changes between two id-sorted (id, hash) sequences."""
    old, new = next(before, None), next(after, None)
    while old or new:
        if new is None or (old is not None and old[0] < new[0]):
            yield "retracted", old[0]
            old = next(before, None)
        elif old is None or new[0] < old[0]:
            yield "added", new[0]
            new = next(after, None)
        else:
            if old[1] != new[1]:
                yield "changed", new[0]
            old, new = next(before, None), next(after, None)


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def listed_hashes(directory: Path) -> dict[str, str]:
    """Each file's SHA-256 as the written manifest gives it."""
    lines = (directory / MANIFEST).read_text().splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def _write_manifest(directory: Path) -> None:
    files = sorted(
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*")
        if path.is_file()
    )
    (directory / MANIFEST).write_text(
        "".join(f"{sha256_of_path(directory / name)}  {name}\n" for name in files)
    )
