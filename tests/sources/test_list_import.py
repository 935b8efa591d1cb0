"""Importing a victim list's rows: the file, the column mapping and its preview, the
import (at once, or as a job with progress), and files that are refused whole."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from pghistory.models import Events

from sources.models import ListEntry
from sources.models import ListImport
from sources.models import VictimList
from tests.factories import VictimListFactory
from tests.queries import html_of
from tests.waiting import wait_until
from victims.models import NameVariant
from victims.models import Person

HEADERS = ["№", "Аты-жөні", "Туған жылы", "Қайтыс болған күні", "Облыс"]
ROWS = [
    ["1", "Жолдасбеков Ерлан Серікұлы", "1990", "05.01.2022", "Алматы"],
    ["2", "Токаев К.Ж.", "шамамен 1985", "5-6 қаңтар", "Алматы"],
    ["3", "Сейітова Айгерім", "1979", "2022-01-06", "Жамбыл облысы"],
]
MAPPING = {"name": "Аты-жөні", "birth_year": "Туған жылы"}
MAPPING |= {"event_date": "Қайтыс болған күні", "region": "Облыс"}
RUSSIAN_CP1251 = "№,ФИО\n1,Иванов Иван Иванович\n".encode("cp1251")


def csv_file(rows=ROWS, headers=HEADERS, encoding="utf-8") -> bytes:
    lines = [",".join(headers), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_file(rows=ROWS, headers=HEADERS, formula: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if headers:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if formula:
        sheet["C2"] = "=1990+0"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def a_list() -> VictimList:
    return VictimListFactory()


def send_file(client, victim_list, content: bytes, name: str = "list.csv"):
    url = reverse("admin:sources_victimlist_import", args=[victim_list.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def mapping_url(list_import) -> str:
    return reverse("admin:sources_victimlist_import_mapping", args=[list_import.pk])


def mapped(mapping: dict) -> dict:
    return {field: mapping.get(field, "") for field in (
        "name", "surname", "given_name", "patronymic", "birth_year", "age", "sex",
        "event_date", "place", "region", "cause", "facility",
    )}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("list.csv", csv_file()), ("list.xlsx", xlsx_file())],
    ids=["csv", "xlsx"],
)
def test_a_list_is_imported_verbatim_and_changes_no_person(
    editor_client, name, content
):
    victim_list = a_list()
    people, spellings = Person.objects.count(), NameVariant.objects.count()

    response = send_file(editor_client, victim_list, content, name)
    list_import = ListImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == mapping_url(list_import)
    assert "Жолдасбеков Ерлан Серікұлы" in html_of(
        editor_client, mapping_url(list_import)
    )
    preview = editor_client.post(
        mapping_url(list_import), {**mapped(MAPPING), "preview": "1"}
    )
    assert "1 row has a warning" in preview.text  # its year and date cannot be read
    assert "“5-6 қаңтар” is not a day" in preview.text

    response = editor_client.post(
        mapping_url(list_import), {**mapped(MAPPING), "import": "1"}
    )

    assert response.status_code == 302
    entries = list(ListEntry.objects.filter(victim_list=victim_list))
    assert [entry.row_number for entry in entries] == [1, 2, 3]
    first, second, _third = entries
    assert first.columns == [list(pair) for pair in zip(HEADERS, ROWS[0], strict=True)]
    assert (first.surname, first.given_name, first.patronymic) == (
        "Жолдасбеков",
        "Ерлан",
        "Серікұлы",
    )
    assert (first.birth_year, str(first.event_date)) == (1990, "2022-01-05")
    assert (second.surname, second.initials) == ("Токаев", "КЖ")
    assert second.birth_year is None and second.event_date is None
    assert second.columns[2] == ["Туған жылы", "шамамен 1985"]  # kept as it reads
    for entry in entries:  # written in bulk, and attributed
        event = Events.objects.tracks(entry).get(pgh_label="insert")
        assert event.pgh_context["user"] == editor_client.user.pk
        assert event.pgh_context["reason"] == f"list import: {name}"
    victim_list.refresh_from_db()
    assert victim_list.column_mapping == MAPPING  # for the list's next version
    assert (Person.objects.count(), NameVariant.objects.count()) == (people, spellings)
    list_import.refresh_from_db()
    assert response["Location"] == list_import.get_absolute_url()  # its status page
    assert "3 rows kept as published" in html_of(
        editor_client, list_import.get_absolute_url()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.csv", RUSSIAN_CP1251, "is not UTF-8 text"),
        ("list.csv", b"", "The submitted file is empty"),
        ("list.csv", "№,ФИО\n".encode(), "no rows under a header row"),
        ("list.xlsx", xlsx_file(rows=[], headers=[]), "no rows under a header row"),
        ("list.csv", csv_file(headers=["№", "Name", "Name", "Year", "Region"]),
         "Two columns are headed “Name”"),
        ("list.xlsx", xlsx_file(formula=True), "Cell C2 holds a formula"),
        ("list.xlsx", b"PK\x03\x04 not really a workbook", "not a readable XLSX"),
        ("list.pdf", b"%PDF-1.4", "CSV or an XLSX file"),
    ],
    ids=["encoding", "empty csv", "empty sheet", "duplicate header", "formula",
         "header only", "broken xlsx", "other kind"],
)  # fmt: skip
def test_a_bad_file_is_refused_whole_with_a_clear_message(
    editor_client, name, content, message
):
    victim_list = a_list()

    response = send_file(editor_client, victim_list, content, name)

    assert response.status_code == 200
    assert message in response.text
    assert not ListImport.objects.exists()
    assert not ListEntry.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(editor_client, settings):
    settings.LIST_IMPORT_MAX_BYTES = 2**20
    content = csv_file(rows=[["1", "Жолдасбеков Ерлан" + " " * 2**20, "", "", ""]])

    response = send_file(editor_client, a_list(), content)

    assert "at most 1 MB can be imported" in response.text
    assert not ListImport.objects.exists()


@pytest.mark.django_db
def test_the_same_file_is_not_imported_twice(editor_client):
    first_list = a_list()
    send_file(editor_client, first_list, csv_file())
    list_import = ListImport.objects.get()
    editor_client.post(mapping_url(list_import), {**mapped(MAPPING), "import": "1"})

    again = send_file(editor_client, a_list(), csv_file())
    refilled = send_file(editor_client, first_list, csv_file(rows=ROWS[:1]))

    assert "This file was already imported into" in again.text
    assert "already holds its rows" in refilled.text
    assert ListEntry.objects.count() == 3


@pytest.mark.django_db
def test_the_mapping_needs_a_name(editor_client):
    send_file(editor_client, a_list(), csv_file())
    list_import = ListImport.objects.get()

    response = editor_client.post(
        mapping_url(list_import), {**mapped({"region": "Облыс"}), "import": "1"}
    )

    assert response.status_code == 200
    assert "at least the surname" in response.text
    assert not ListEntry.objects.exists()


@pytest.mark.django_db
def test_only_staff_who_may_change_lists_import(client):
    from tests.factories import UserFactory

    victim_list = a_list()
    url = reverse("admin:sources_victimlist_import", args=[victim_list.pk])
    no_role = Client()
    no_role.force_login(UserFactory(is_staff=True))

    assert client.get(url).status_code == 302  # to the login page
    assert no_role.get(url).status_code == 403


@pytest.mark.worker
def test_a_large_list_is_imported_by_the_worker_with_progress(
    celery_worker, reference_data, settings
):
    from tests.factories import UserFactory

    settings.LIST_IMPORT_SYNC_ROWS = 5
    editor = Client()
    editor.force_login(UserFactory(role="editor"))
    rows = [[str(n), f"Жолдасбеков Ерлан {n}", "1990", "", "Алматы"] for n in range(40)]
    victim_list = a_list()
    send_file(editor, victim_list, csv_file(rows=rows))
    list_import = ListImport.objects.get()

    response = editor.post(mapping_url(list_import), {**mapped(MAPPING), "import": "1"})
    assert response.status_code == 302

    status_page = reverse("admin:sources_listimport_status", args=[list_import.pk])
    assert response["Location"] == status_page

    def imported() -> bool:
        if ListImport.objects.get().status != ListImport.Status.QUEUED:
            return True
        assert "<progress" in html_of(editor, status_page)
        return False

    wait_until(imported, "the worker importing the list")
    assert ListImport.objects.get().status == ListImport.Status.DONE
    assert "40 rows kept as published." in html_of(editor, status_page)
    assert editor.get(mapping_url(list_import))["Location"] == status_page
    assert victim_list.entries.count() == 40
    last = Events.objects.tracks(victim_list.entries.last()).get(pgh_label="insert")
    assert last.pgh_context["reason"] == "list import: list.csv"  # no request here


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("kk", "Жарияланған күйіндегі тізім"), ("ru", "Список в опубликованном виде")],
)
def test_the_import_speaks_kazakh_and_russian(editor_client, language, text):
    victim_list = a_list()
    url = f"/{language}/admin/sources/victimlist/{victim_list.pk}/import/"

    assert text in html_of(editor_client, url)


@pytest.mark.django_db
def test_a_file_that_no_longer_reads_fails_with_its_error_on_the_status_page(
    editor_client, settings
):
    """The worker reads the kept file again: one that no longer reads as a list
    (damaged on disk while queued) fails whole, and its status page says why."""
    from sources.tasks import import_list

    settings.LIST_IMPORT_SYNC_ROWS = 0  # queued, for the worker
    victim_list = a_list()
    send_file(editor_client, victim_list, csv_file())
    list_import = ListImport.objects.get()
    response = editor_client.post(
        mapping_url(list_import), {**mapped(MAPPING), "import": "1"}
    )
    list_import.refresh_from_db()
    assert response["Location"] == list_import.get_absolute_url()
    assert "<progress" in html_of(editor_client, list_import.get_absolute_url())
    with open(list_import.file.path, "wb") as damaged:
        damaged.write(b"\xff\xfe\x00 not a list")

    import_list(list_import.pk)  # what the worker runs

    list_import.refresh_from_db()
    assert list_import.status == ListImport.Status.FAILED
    assert list_import.errors[0]["row"] == 0 and list_import.errors[0]["message"]
    page = html_of(editor_client, list_import.get_absolute_url())
    assert "Nothing was imported: 1 error. Correct the file and send it again." in page
    assert not victim_list.entries.exists()


@pytest.mark.django_db
def test_only_staff_who_may_change_lists_follow_an_import(editor_client, client):
    from tests.factories import UserFactory

    send_file(editor_client, a_list(), csv_file())
    status_page = reverse(
        "admin:sources_listimport_status", args=[ListImport.objects.get().pk]
    )
    no_role = Client()
    no_role.force_login(UserFactory(is_staff=True))

    assert html_of(editor_client, status_page)
    assert client.get(status_page).status_code == 302  # to the login page
    assert no_role.get(status_page).status_code == 403
