"""Bulk import and export of people and their events, through the staff admin."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.core.management import call_command
from django.urls import reverse
from pghistory.models import Events

from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.queries import exported_csv_rows
from tests.queries import html_of
from victims.models import Person

pytestmark = pytest.mark.django_db

HEADER = (
    "id,surname,given_name,patronymic,sex,birth_year,role,region,settlement,"
    "other_spellings,death_date,death_place,death_cause,on_official_list,"
    "detained_on,detention_place,facility,charges,outcome,sentence,source,locator\n"
)
GOOD_ROWS = (
    "id,surname,given_name,patronymic,sex,birth_year,role,region,settlement,"
    "other_spellings,death_date,death_place,death_cause,on_official_list,"
    "detained_on,detention_place,facility,charges,outcome,sentence,source,locator\n"
    ",Сәрсенбаев,Әлібек,Серікұлы,male,1991,civilian,Mangystau Region,Жаңаөзен,"
    "Sarsenbayev Alibek; Сарсенбаев Алибек,2022-01-05,Almaty,gunshot,no,"
    ",,,,,,joint-statement-2022-07-29,annex row 12\n"
    ",Петренко,Сергей,Иванович,male,,civilian,Almaty,,"
    ',,,,,2022-01-07,Taraz,,"272, 293",convicted,5 years,'
    "joint-statement-2022-07-29,annex row 13\n"
)


def upload(client, content: str, name: str = "people.csv"):
    file = SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
    return client.post(
        reverse("admin:victims_person_import"),
        {"format": "0", "import_file": file, "resource": "0"},
    )


def confirm(client, preview):
    initial = preview.context["confirm_form"].initial
    return client.post(reverse("admin:victims_person_process_import"), initial)


def test_a_sheet_is_previewed_then_imported_with_its_events(
    editor_client, archive_data
):
    preview = upload(editor_client, GOOD_ROWS)
    assert preview.status_code == 200
    assert "Confirm import" in preview.content.decode()
    assert not Person.objects.exists()

    done = confirm(editor_client, preview)

    assert done.status_code == 302
    alibek = Person.objects.get(surname="Сәрсенбаев")
    assert alibek.visibility == "staff"
    assert alibek.birth_date.year == 1991
    assert alibek.residence_settlement.name_en == "Zhanaozen"
    assert alibek.death.cause == "gunshot"
    assert alibek.death.citations.get().locator == "annex row 12"
    spellings = alibek.name_variants.filter(is_primary=False)
    assert {v.script for v in spellings} == {"Latn", "ru-Cyrl"}
    assert alibek.name_variants.get(is_primary=True).surname_key == "sarsenbaev"
    sergei = Person.objects.get(surname="Петренко")
    detention = sergei.detentions.get()
    assert detention.charges == ["272", "293"]
    assert detention.outcome == "convicted"
    assert detention.citations.get().source.reference == "joint-statement-2022-07-29"


def test_history_of_an_import_names_the_user_and_the_file(editor_client, archive_data):
    confirm(editor_client, upload(editor_client, GOOD_ROWS, "azattyq-list.csv"))

    person = Person.objects.get(surname="Сәрсенбаев")
    event = Events.objects.tracks(person).get(pgh_label="insert")
    assert event.pgh_context["user"] == editor_client.user.pk
    assert event.pgh_context["reason"] == "spreadsheet import: azattyq-list.csv"
    death_event = Events.objects.tracks(person.death).get(pgh_label="insert")
    assert death_event.pgh_context["reason"] == "spreadsheet import: azattyq-list.csv"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            ",Нұрланов,Ерлан,,male,,civilian,Atlantis,,,,,,,,,,,,,joint-statement-2022-07-29,\n",
            "Unknown place “Atlantis”",
        ),
        (
            ",Нұрланов,Ерлан,,male,,civilian,,,,05.01.2022,,,,,,,,,,joint-statement-2022-07-29,\n",
            "is not a date like 2022-01-05",
        ),
        (
            ",Нұрланов,Ерлан,,male,,civilian,,,,,,shot,,,,,,,,joint-statement-2022-07-29,\n",
            "“shot” is not one of",
        ),
        (
            ",Нұрланов,Ерлан,,male,,civilian,,,,,,,,,,,,,,no-such-source,\n",
            "unknown: “no-such-source”",
        ),
        (
            ",Нұрланов,Ерлан,,alien,,civilian,,,,,,,,,,,,,,joint-statement-2022-07-29,\n",
            "“alien” is not one of",
        ),
        (
            "11111111-1111-1111-1111-111111111111,Нұрланов,Ерлан,,male,,civilian,"
            ",,,,,,,,,,,,,joint-statement-2022-07-29,\n",
            "No person has this id",
        ),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_imported(
    editor_client, archive_data, bad_row, message
):
    preview = upload(editor_client, GOOD_ROWS + bad_row)

    html = preview.content.decode()
    assert preview.status_code == 200
    assert message in html
    assert "Confirm import" not in html
    assert not Person.objects.exists()


def test_an_unreadable_file_is_a_form_error(editor_client):
    response = upload(editor_client, "\x00\x01 not a spreadsheet", "people.csv")

    assert response.status_code == 200
    assert not Person.objects.exists()


def test_export_lists_people_with_their_events(
    editor_client, django_assert_max_num_queries
):
    deaths = [DeathFactory() for _ in range(5)]
    DetentionFactory(person=deaths[0].person)

    with django_assert_max_num_queries(25):
        response = editor_client.post(
            reverse("admin:victims_person_export"),
            {
                "format": "0",
                "resource": "0",
                **{f"personresource_{c}": "on" for c in COLUMNS},
            },
        )

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert {row["death_cause"] for row in rows} == {"gunshot"}
    assert any(row["charges"] == "272" for row in rows)


COLUMNS = HEADER.strip().split(",")


def test_import_is_refused_to_anonymous_and_roleless_users(client):
    url = reverse("admin:victims_person_import")
    assert client.get(url).status_code == 302

    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("kk", "Импортталатын файл"),
        ("ru", "Файл для импорта"),
        ("en", "File to import"),
    ],
)
def test_the_import_page_speaks_each_language(editor_client, language, label):
    url = reverse("admin:victims_person_import").replace("/en/", f"/{language}/")

    assert label in html_of(editor_client, url)


FORMULAS = [
    '=HYPERLINK("http://example.org","x")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "\tTAB",
]


@pytest.mark.parametrize("export_format", ["0", "1"], ids=["csv", "xlsx"])
def test_exported_sheets_never_run_a_formula(editor_client, export_format):
    """Names come from public forms: a surname "=HYPERLINK(...)" is text in every
    spreadsheet the archive writes (OWASP CSV injection)."""
    from openpyxl import load_workbook

    for formula in FORMULAS:
        PublicPersonFactory(surname=formula)

    response = editor_client.post(
        reverse("admin:victims_person_export"),
        {
            "format": export_format,
            "resource": "0",
            **{f"personresource_{c}": "on" for c in COLUMNS},
        },
    )

    assert response.status_code == 200
    if export_format == "0":
        text = response.content.decode("utf-8-sig")
        surnames = [row["surname"] for row in csv.DictReader(io.StringIO(text))]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        column = [cell.value for cell in next(sheet.iter_rows(max_row=1))].index(
            "surname"
        )
        surnames = [row[column].value for row in sheet.iter_rows(min_row=2)]
        assert all(row[column].data_type != "f" for row in sheet.iter_rows(min_row=2))
    assert sorted(surnames) == sorted(f"'{formula}" for formula in FORMULAS)


def test_the_api_csv_export_never_runs_a_formula(db):
    from django.test import Client

    for formula in FORMULAS:
        PublicPersonFactory(surname=formula, naming="full")

    response = Client().get("/api/v1/persons/export.csv")

    surnames = [row["surname"] for row in exported_csv_rows(response)]
    assert sorted(surnames) == sorted(f"'{formula}" for formula in FORMULAS)


RESOURCE = "victims.person_resource.PersonResource"


def test_the_command_line_import_needs_who_and_why(archive_data, tmp_path):
    sheet = tmp_path / "people.csv"
    sheet.write_text(GOOD_ROWS, encoding="utf-8")
    args = [RESOURCE, str(sheet), "--noinput", "--format", "CSV"]
    stranger = UserFactory(role=None)

    with pytest.raises(CommandError, match="--by"):
        call_command("import", *args)
    with pytest.raises(CommandError, match="may add people"):
        call_command("import", *args, "--by", stranger.username, "--reason", "x")
    assert not Person.objects.filter(surname="Сәрсенбаев").exists()


def test_the_command_line_import_records_who_and_why(archive_data, tmp_path):
    sheet = tmp_path / "people.csv"
    sheet.write_text(GOOD_ROWS, encoding="utf-8")
    editor = UserFactory(role="editor")

    call_command(
        "import",
        RESOURCE,
        str(sheet),
        "--noinput",
        "--format",
        "CSV",
        "--by",
        editor.username,
        "--reason",
        "the Azattyq list of 2022",
    )

    person = Person.objects.get(surname="Сәрсенбаев")
    event = Events.objects.tracks(person).get(pgh_label="insert")
    assert event.pgh_context["user"] == editor.pk
    assert (
        event.pgh_context["reason"] == "command-line import: the Azattyq list of 2022"
    )


def test_an_empty_role_is_unknown(editor_client, archive_data):
    row = ",Ахметов,Бауыржан,,,,,,,,,,,,,,,,,,joint-statement-2022-07-29,\n"

    confirm(editor_client, upload(editor_client, HEADER + row))

    person = Person.objects.get()
    assert (person.role, person.sex) == ("unknown", "unknown")


def test_every_error_of_a_row_is_reported(editor_client, archive_data):
    row = ",Нұрланов,Ерлан,,alien,1800,pilot,Atlantis,,,05.01.2022,,,,,,,,,,nope,\n"

    html = upload(editor_client, HEADER + row).content.decode()

    for message in (
        "“alien” is not one of",
        "A year between 1900 and 2022.",
        "“pilot” is not one of",
        "Unknown place “Atlantis”",
        "is not a date like 2022-01-05",
        "unknown: “nope”",
    ):
        assert message in html, message
    assert not Person.objects.exists()


def test_an_xlsx_preview_shows_empty_cells_as_empty(editor_client, archive_data):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    row = [None] * len(HEADER.split(","))
    row[1], row[2], row[20] = "Ахметов", "Бауыржан", "joint-statement-2022-07-29"
    sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    file = SimpleUploadedFile("people.xlsx", out.getvalue())

    preview = editor_client.post(
        reverse("admin:victims_person_import"),
        {"format": "1", "import_file": file, "resource": "0"},
    )

    html = preview.content.decode()
    assert "Confirm import" in html
    assert ">None<" not in html


def test_a_large_sheet_is_sent_to_the_background_import(
    editor_client, archive_data, settings
):
    settings.PERSON_IMPORT_PREVIEW_ROWS = 1

    html = upload(editor_client, GOOD_ROWS).content.decode()

    assert "This sheet has 2 rows" in html and "in the background" in html
    assert not Person.objects.exists()
