"""sources.tables without a database: reading a list's file and parsing its rows."""

import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from sources.tables import TableError
from sources.tables import guess_mapping
from sources.tables import parse_row
from sources.tables import read_table

MB = 2**20


def xlsx(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_csv_is_read_as_text_with_short_rows_padded_and_blank_rows_dropped():
    content = "\ufeffname,age\r\nТокаев К.Ж., 31 \r\n,\r\nОспанов Д.\r\n".encode()

    table = read_table(content, "list.csv", max_bytes=MB)

    assert table.headers == ["name", "age"]
    assert table.rows == [["Токаев К.Ж.", "31"], ["Оспанов Д.", ""]]


def test_an_xlsx_gives_dates_and_whole_numbers_as_text():
    died = datetime(2022, 1, 6)  # noqa: DTZ001 (a spreadsheet's dates are naive)
    content = xlsx(["name", "born", "died"], ["A", 1990.0, died])

    assert read_table(content, "list.xlsx", max_bytes=MB).rows == [
        ["A", "1990", "2022-01-06"]
    ]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"a,b\n1,2\n", "list.txt", "CSV or an XLSX"),
        ("name\nÄ\n".encode("latin-1"), "list.csv", r"not UTF-8 text \(byte 5\)"),
        (b"name,name\nA,B\n", "list.csv", "Two columns are headed"),
        (b"name,\nA,B\n", "list.csv", "Column 2 has no header"),
        (b"name\n", "list.csv", "no rows under a header row"),
        (b"not a zip", "list.xlsx", "not a readable XLSX"),
        (b"x" * (2 * MB + 1), "list.csv", "at most 2 MB"),
    ],
)
def test_a_file_that_is_not_a_list_is_refused_saying_why(content, filename, message):
    with pytest.raises(TableError, match=message):
        read_table(content, filename, max_bytes=2 * MB)


def test_an_xlsx_formula_is_refused_by_its_cell():
    content = xlsx(["name", "age"], ["A", "=1+1"])

    with pytest.raises(TableError, match="Cell B2 holds a formula"):
        read_table(content, "list.xlsx", max_bytes=MB)


def test_headers_that_name_a_field_are_mapped():
    assert guess_mapping(["Surname", "Birth year", "notes"]) == {
        "surname": "Surname",
        "birth_year": "Birth year",
    }


def test_an_official_name_gives_surname_and_initials():
    parsed = parse_row({"ФИО": "Токаев К.Ж."}, {"name": "ФИО"})

    assert parsed.values["surname"] == "Токаев"
    assert parsed.values["given_name"] == ""
    assert parsed.values["initials"] == "КЖ"
    assert parsed.values["name_as_written"] == "Токаев К.Ж."
    assert parsed.warnings == []


def test_what_cannot_be_parsed_is_left_empty_with_a_warning():
    mapping = {f: f for f in ("surname", "birth_year", "age", "sex", "event_date")}
    parsed = parse_row(
        {"surname": "Ospanov", "birth_year": "1850", "age": "x", "sex": "?",
         "event_date": "5-6 January"},
        mapping,
    )  # fmt: skip

    values = parsed.values
    assert (values["birth_year"], values["age"], values["sex"]) == (None, None, "")
    assert values["event_date"] is None
    assert len(parsed.warnings) == 4


@pytest.mark.parametrize(
    ("sex", "date", "expected"),
    [
        ("Ер", "06.01.2022", ("male", "2022-01-06")),
        ("жен.", "2022-01-07", ("female", "2022-01-07")),
        ("F", "08/01/2022", ("female", "2022-01-08")),
    ],
)
def test_sex_and_dates_are_read_in_kazakh_russian_and_english(sex, date, expected):
    parsed = parse_row({"s": sex, "d": date}, {"sex": "s", "event_date": "d"})

    assert (parsed.values["sex"], parsed.values["event_date"].isoformat()) == expected
    assert parsed.warnings == ["no name"]
