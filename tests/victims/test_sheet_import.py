"""Large staff sheets of people are imported by a worker: a progress page, every
error of every row, and all the people written or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pghistory.models import Events

from tests.victims.test_spreadsheets import GOOD_ROWS
from tests.waiting import wait_until
from victims.actions import person_sheets as sheets
from victims.models import Person
from victims.models import PersonImport

pytestmark = pytest.mark.django_db(transaction=True)
SEND = "/en/admin/victims/personimport/add/"


def send(client, content: str, reason: str = "the 2022 hotline sheet"):
    file = SimpleUploadedFile("sheet.csv", content.encode(), content_type="text/csv")
    return client.post(SEND, {"file": file, "reason": reason})


def finished(person_import: PersonImport) -> PersonImport:
    def done() -> PersonImport | None:
        person_import.refresh_from_db()
        return None if person_import.running else person_import

    return wait_until(done, "the worker finishing the import")


@pytest.fixture
def archive(archive_data, reference_data):
    return archive_data


def test_a_worker_imports_a_sheet_with_history_and_citations(
    archive, editor_client, celery_worker
):
    response = send(editor_client, GOOD_ROWS)
    person_import = PersonImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == person_import.get_absolute_url()

    assert finished(person_import).status == PersonImport.Status.DONE
    assert person_import.people_created == 2
    page = editor_client.get(person_import.get_absolute_url())
    assert page.status_code == 200 and "2 people added" in page.text
    alibek = Person.objects.get(surname="Сәрсенбаев")
    assert alibek.visibility == "staff" and alibek.birth_date.year == 1991
    assert alibek.death.cause == "gunshot"
    assert alibek.death.citations.get().locator == "annex row 12"
    assert alibek.citations.get().source.reference == "joint-statement-2022-07-29"
    assert {v.script for v in alibek.name_variants.filter(is_primary=False)} == {
        "Latn",
        "ru-Cyrl",
    }
    sergei = Person.objects.get(surname="Петренко")
    assert sergei.detentions.get().charges == ["272", "293"]
    assert sergei.role == "civilian"
    insert = Events.objects.tracks(alibek).get(pgh_label="insert")
    assert insert.pgh_context["user"] == editor_client.user.pk
    assert insert.pgh_context["reason"] == "spreadsheet import: the 2022 hotline sheet"
    found = editor_client.get("/en/search/", {"q": "Sarsenbayev Alibek"})
    assert "Сәрсенбаев Әлібек Серікұлы" in found.text


def test_every_error_of_every_row_is_reported_and_nothing_is_written(
    archive, editor_client, celery_worker
):
    bad = (
        ",,,,alien,1800,pilot,Atlantis,,,05.01.2022,,,,,,,,,,no-such-source,\n"
        "11111111-1111-1111-1111-111111111111,Нұрланов,,,,,,,,,,,,,,,,,,,"
        "joint-statement-2022-07-29,\n"
    )
    send(editor_client, GOOD_ROWS + bad)

    person_import = finished(PersonImport.objects.get())
    assert person_import.status == PersonImport.Status.FAILED
    assert not Person.objects.exists()
    errors = {(e["row"], e["column"]) for e in person_import.errors}
    assert errors == {
        (4, "surname"),
        (4, "sex"),
        (4, "birth_year"),
        (4, "role"),
        (4, "region"),
        (4, "death_date"),
        (4, "source"),
        (5, "id"),
    }
    page = editor_client.get(person_import.get_absolute_url()).text
    assert "Nothing was imported: 8 errors." in page
    assert "Unknown place “Atlantis”" in page and "“pilot” is not one of" in page


def test_the_status_page_shows_the_progress_while_waiting(archive, editor_client):
    send(editor_client, GOOD_ROWS)  # no worker: it waits

    page = editor_client.get(PersonImport.objects.get().get_absolute_url())

    assert "Waiting for a worker" in page.text
    assert '<progress id="progress" value="0" max="2">' in page.text
    assert '<meta http-equiv="refresh" content="2">' in page.text


def test_an_empty_role_or_sex_is_unknown(archive, editor_client, celery_worker):
    rows = GOOD_ROWS.splitlines()[0] + "\n,Ахметов,Бауыржан,,,,,,,,,,,,,,,,,,"
    send(editor_client, rows + "joint-statement-2022-07-29,\n")

    assert finished(PersonImport.objects.get()).status == PersonImport.Status.DONE
    person = Person.objects.get()
    assert (person.role, person.sex) == ("unknown", "unknown")


def test_a_file_that_is_not_a_sheet_is_a_form_error(archive, editor_client):
    response = send(editor_client, "surname,given_name\n")

    assert response.status_code == 400
    assert "no rows under a header row" in response.text
    assert not PersonImport.objects.exists()


def test_only_staff_who_add_people_may_import(archive, client):
    assert client.get(SEND).status_code == 302  # to the login page
    roleless = Client()
    from tests.factories import UserFactory

    roleless.force_login(UserFactory(is_staff=True))
    assert roleless.get(SEND).status_code == 403
    assert send(roleless, GOOD_ROWS).status_code == 403
    assert not PersonImport.objects.exists()


def test_queries_do_not_grow_with_the_rows(
    archive, editor_client, django_assert_max_num_queries
):
    header, *rows = GOOD_ROWS.splitlines()
    many = "\n".join([header, *(rows * 250)]) + "\n"
    send(editor_client, many)
    person_import = PersonImport.objects.get()

    # 40 for the import, 20 for the write-side rule's look at what the public and
    # partners read of the new people before and after (archive.widening).
    with django_assert_max_num_queries(60):
        assert sheets.import_person_sheet(person_import.pk) == 500
    assert Person.objects.count() == 500
    assert reverse("admin:victims_person_changelist")
