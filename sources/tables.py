"""Reading a published list's spreadsheet (CSV or XLSX) as it is, and parsing the
fields that matching needs from its rows. No database: the import action and its
tests call these directly.

A file that cannot be read as the list it claims to be is refused whole, with a
message that says why (TableError); a cell that cannot be parsed (a date written
"5-6 January") only leaves its field empty, with a warning: the row is still kept
as published.
"""

import csv
import io
import re
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# The fields matching needs, in the order the mapping step offers them: a whole
# name or its parts, then what else a list says of the person.
NAME_PARTS = ("surname", "given_name", "patronymic")
DESCRIBING = (
    "birth_year",
    "age",
    "sex",
    "event_date",
    "place",
    "region",
    "cause",
    "facility",
)
FIELDS = ("name", *NAME_PARTS, *DESCRIBING)
MALE = {"m", "male", "м", "муж", "мужской", "ер", "еркек"}
FEMALE = {"f", "female", "ж", "жен", "женский", "әйел"}
INITIAL = re.compile(r"^(\w)\.?$|^((?:\w\.){1,3})$")


class TableError(ValueError):
    """The file cannot be taken as a list (the message says why, for staff)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class ParsedRow:
    values: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_table(content: bytes, filename: str, *, max_bytes: int) -> Table:
    """The header row and every row, as text, of a CSV (UTF-8) or XLSX file."""
    if len(content) > max_bytes:
        raise TableError(
            _("The file is %(size)d MB; at most %(limit)d MB can be imported.")
            % {"size": len(content) // 2**20, "limit": max_bytes // 2**20}
        )
    if filename.lower().endswith(".xlsx"):
        table = _read_xlsx(content)
    elif filename.lower().endswith(".csv"):
        table = _read_csv(content)
    else:
        raise TableError(_("Send the list as a CSV or an XLSX file."))
    return _checked(table)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            _(
                "The file is not UTF-8 text (byte %(at)d): save it as CSV UTF-8 and "
                "send it again."
            )
            % {"at": error.start}
        ) from error
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    rows = [row for row in rows if any(row)]
    return Table(headers=rows[0] if rows else [], rows=rows[1:])


def _read_xlsx(content: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(_("The file is not a readable XLSX workbook.")) from error
    sheet = workbook.worksheets[0]
    rows = []
    for cells in sheet.iter_rows():
        formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
        if formulas:
            raise TableError(
                _(
                    "Cell %(cell)s holds a formula: paste the values only, so that "
                    "the list is kept as it reads."
                )
                % {"cell": formulas[0]}
            )
        row = [_cell_text(cell.value) for cell in cells]
        if any(row):
            rows.append(row)
    workbook.close()
    return Table(headers=rows[0] if rows else [], rows=rows[1:])


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date() if value.time() == datetime.min.time() else value
        ).isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _checked(table: Table) -> Table:
    if not table.headers or not table.rows:
        raise TableError(_("The first sheet has no rows under a header row."))
    seen = set()
    for index, header in enumerate(table.headers, start=1):
        if not header:
            raise TableError(
                _("Column %(column)d has no header: name every column.")
                % {"column": index}
            )
        if header in seen:
            raise TableError(
                _("Two columns are headed “%(header)s”: headers must differ.")
                % {"header": header}
            )
        seen.add(header)
    width = len(table.headers)
    table.rows = [(row + [""] * width)[:width] for row in table.rows]
    return table


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """A first mapping from headers that name a field (e.g. "surname", "birth_year")."""
    by_name = {header.strip().lower().replace(" ", "_"): header for header in headers}
    return {name: by_name[name] for name in FIELDS if name in by_name}


def parse_row(cells: dict[str, str], mapping: dict[str, str]) -> ParsedRow:
    """The fields matching needs, from one row ({header: text}) by the mapping
    ({field: header}); what cannot be parsed is left empty with a warning."""
    parsed = ParsedRow()
    text = {name: cells.get(header, "").strip() for name, header in mapping.items()}
    parts = [text.get(name, "") for name in ("surname", "given_name", "patronymic")]
    parsed.values["name_as_written"] = text.get("name") or " ".join(
        p for p in parts if p
    )
    if text.get("name") and not any(parts):
        parts, initials = _split_name(text["name"])
        parsed.values["initials"] = initials
    parsed.values.update(
        zip(("surname", "given_name", "patronymic"), parts, strict=True)
    )
    if not parsed.values["name_as_written"]:
        parsed.warnings.append(_("no name"))
    for name in ("place", "region", "cause", "facility"):
        parsed.values[name] = text.get(name, "")
    parsed.values["birth_year"] = _number(text, "birth_year", 1900, 2022, parsed)
    parsed.values["age"] = _number(text, "age", 0, 120, parsed)
    parsed.values["sex"] = _sex(text.get("sex", ""), parsed)
    parsed.values["event_date"] = _date(text.get("event_date", ""), parsed)
    return parsed


def _split_name(name: str) -> tuple[list[str], str]:
    """Official-list order: "Токаев К.Ж." -> surname and initials; "Токаев Ерлан
    Серікұлы" -> the three parts."""
    words = name.replace(".", ". ").split()
    initials = "".join(w[0] for w in words[1:] if INITIAL.match(w))
    names = [w for w in words if not INITIAL.match(w)]
    return (names + ["", "", ""])[:3], initials.upper()


def _number(
    text: dict, name: str, low: int, high: int, parsed: ParsedRow
) -> int | None:
    value = text.get(name, "")
    if not value:
        return None
    if value.isdigit() and low <= int(value) <= high:
        return int(value)
    parsed.warnings.append(
        _("%(field)s “%(value)s” is not a number from %(low)d to %(high)d")
        % {"field": name, "value": value, "low": low, "high": high}
    )
    return None


def _sex(value: str, parsed: ParsedRow) -> str:
    folded = value.lower().strip(". ")
    if not folded:
        return ""
    if folded in MALE:
        return "male"
    if folded in FEMALE:
        return "female"
    parsed.warnings.append(_("sex “%(value)s” is not recognised") % {"value": value})
    return ""


def _date(value: str, parsed: ParsedRow) -> date | None:
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    parsed.warnings.append(_("date “%(value)s” is not a day") % {"value": value})
    return None
