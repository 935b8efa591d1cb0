"""Bulk export of a whole endpoint as CSV or JSON, streamed: rows are read from the
database in chunks and written out as they come, so memory stays the same whether a
partner exports a hundred records or a million."""

import csv
import hashlib
import itertools
import json
from collections.abc import Iterable
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

CHUNK = 1000
BLOCK = 64 * 1024  # bytes a streamed export writes at a time
# One encoder for every value and row: json.dumps(cls=...) builds a new one per call,
# five or six times a person in a CSV export.
TEXT_JSON = DjangoJSONEncoder(ensure_ascii=False)
# A cell starting with one of these is run as a formula by spreadsheet programs
# (OWASP "CSV injection"): a surname "=HYPERLINK(...)" from a public form must reach
# a spreadsheet as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """`text` as a spreadsheet shows it but never runs it: a leading quote when it
    would start a formula.

    >>> spreadsheet_safe("=HYPERLINK(\"http://x\")")
    '\'=HYPERLINK("http://x")'
    """
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(rows: Iterable[Iterable], filename: str) -> HttpResponse:
    """`rows` as a CSV download (statistics, list comparisons, staff logs), every
    cell written by `csv_cell`, as the API's exports and the releases write them."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response


def batches(items: Iterable, size: int) -> Iterator[list]:
    """`items` in lists of `size` (the last may be shorter), for serializers that
    read what a batch refers to at once (itertools.batched, from Python 3.12)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class CSVRenderer(BaseRenderer):
    """Lets `Accept: text/csv` through content negotiation; exports write their own
    body, and an error (a dict) is written as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, cls=DjangoJSONEncoder).encode()


class Echo:
    """A file-like object for csv.writer that hands back what it is given: the
    writer's `writerow` then returns the line as text."""

    def write(self, text: str) -> str:
        return text


def csv_cell(value) -> str:
    """A value as a CSV cell: text spreadsheet-safe, lists and objects as JSON text
    (which starts with "[" or "{", never a formula), nothing as an empty cell.

    Every CSV the archive writes goes through here and Python's csv module (which
    quotes a cell holding a comma, a quote, a carriage return or a line feed); a
    release's large tables are written by the SQL twin of both,
    `release_csv_text` (reports migrations 0003 and 0005), tested against this."""
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if isinstance(value, list):
        return TEXT_JSON.encode(value) if value else "[]"
    if isinstance(value, dict):
        return TEXT_JSON.encode(value)
    return spreadsheet_safe(str(value))


def csv_cells(row: dict, columns: list[str]) -> list[str]:
    """A row's cells in `columns` order; a field the row lacks is an empty cell."""
    return [csv_cell(row.get(column)) for column in columns]


def csv_lines(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """A header, then one line per row; lists and objects as JSON text. A field the
    caller may not read is an empty cell (it is absent from the JSON export).

    The last line is the check (see `end_line`): a file cut off on the way lacks it,
    or its count and hash do not match what came before."""
    writer = csv.writer(Echo())
    digest = hashlib.sha256()
    count = 0
    for index, line in enumerate(
        itertools.chain(
            [writer.writerow(columns)],
            (writer.writerow(csv_cells(row, columns)) for row in rows),
        )
    ):
        digest.update(line.encode())
        count = index
        yield line
    yield end_line(count, digest.hexdigest())


def end_line(rows: int, sha256: str) -> str:
    """The check that ends a CSV export: how many rows it holds, and the SHA-256 of
    every line above it (the header included), as UTF-8. No row starts with "#" (the
    first column is an id), so readers can skip it as a comment (pandas:
    `comment="#"`)."""
    return f"# end of export: {rows} rows; sha256 of the lines above: {sha256}\r\n"


def json_text(row: dict) -> str:
    return TEXT_JSON.encode(row)


def json_lines(rows: Iterable[dict]) -> Iterator[str]:
    """One JSON array, written a record at a time."""
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json_text(row)
    yield "\n]\n"


def in_blocks(lines: Iterable[str], size: int = BLOCK) -> Iterator[bytes]:
    """`lines` as UTF-8 blocks of about `size` bytes: a server writes each item a
    streamed response yields on its own, and one write a row cost an export of
    1,000,000 people a third of its time (#18)."""
    block, length = [], 0
    for line in lines:
        data = line.encode()
        block.append(data)
        length += len(data)
        if length >= size:
            yield b"".join(block)
            block, length = [], 0
    if block:
        yield b"".join(block)


def streamed(lines: Iterator[str], *, content_type: str, filename: str):
    response = StreamingHttpResponse(in_blocks(lines), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
