"""A kind of what happened added by one app (tests/disappearances) and no edit
anywhere else: the person page, the API and its exports, a release, the statistics
page, the submission flow and erasure all list it (issue #30). The privacy matrix
plants it with every other kind (tests/archive/test_privacy_matrix.py)."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from archive.visibility import Visibility
from reports.models import Release
from submissions.models import Submission
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.factories import cite
from tests.factories import place
from tests.queries import exported_csv_rows
from tests.queries import html_of
from tests.submissions.test_submissions import form
from victims import happenings

from .models import Disappearance

pytestmark = pytest.mark.django_db


@pytest.fixture
def disappeared():
    """A public person last seen in Almaty; the account is for staff only."""
    person = PublicPersonFactory(surname="Жоғалтов", given_name="Ерлан")
    record = Disappearance.objects.create(
        person=person,
        occurred_on="2022-01-06",
        place=place("Almaty"),
        last_seen_by="an invented neighbour",
        account="An invented account only staff may read.",
        visibility=Visibility.PUBLIC,
    )
    cite(record)
    return record


def test_the_kind_is_registered_after_the_projects_own():
    values = [kind.value for kind in happenings.kinds()]
    assert values == ["killed", "detained", "injured", "tortured", "disappeared"]


def test_the_person_and_place_pages_show_it_as_far_as_the_viewer_may_see(
    client, editor_client, disappeared
):
    public = html_of(client, disappeared.person.get_absolute_url())
    assert f'id="disappearance-{disappeared.uuid}"' in public
    assert "an invented neighbour" in public
    assert "Almaty" in public
    assert "An invented account only staff may read." not in public
    staff = html_of(editor_client, disappeared.person.get_absolute_url())
    assert "An invented account only staff may read." in staff
    almaty = html_of(client, place("Almaty").get_absolute_url())
    assert "<h2>Disappearances</h2>" in almaty
    assert disappeared.get_absolute_url() in almaty


def test_the_api_lists_it_and_the_person_refers_to_it(client, disappeared):
    listed = client.get("/api/v1/disappearances/").json()["results"]
    assert [row["id"] for row in listed] == [str(disappeared.uuid)]
    assert listed[0]["last_seen_by"] == "an invented neighbour"
    assert "account" not in listed[0]  # a sensitive detail, staff only
    person = client.get(f"/api/v1/persons/{disappeared.person.uuid}/").json()
    assert person["disappearances"] == [str(disappeared.uuid)]
    assert list(person)[-2:] == ["disappearances", "match"]

    on_the_day = {"date_from": "2022-01-06", "date_to": "2022-01-06"}
    found = client.get("/api/v1/persons/", on_the_day).json()["results"]
    assert [row["id"] for row in found] == [str(disappeared.person.uuid)]
    filtered = client.get("/api/v1/disappearances/", {"last_seen_by": "nobody"})
    assert filtered.json()["results"] == []
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/disappearances/" in schema["paths"]


def test_the_exports_and_a_release_hold_it_byte_for_byte(
    client, disappeared, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rows = exported_csv_rows(client.get("/api/v1/disappearances/export.csv"))
    assert [row["id"] for row in rows] == [str(disappeared.uuid)]
    people = exported_csv_rows(client.get("/api/v1/persons/export.csv"))
    assert people[0]["disappearances"] == json.dumps([str(disappeared.uuid)])

    administrator = UserFactory(role="administrator")
    call_command("make_release", by=administrator.username, stdout=io.StringIO())
    release = Release.objects.get()
    folder = tmp_path / "releases" / str(release.number)
    released = (folder / "data" / "disappearances.json").read_text()
    exported = client.get("/api/v1/disappearances/export.json")
    assert released.strip() == b"".join(exported.streaming_content).decode().strip()
    package = json.loads((folder / "datapackage.json").read_text())
    assert "disappearances" in [resource["name"] for resource in package["resources"]]


def test_the_statistics_page_counts_it(client, disappeared):
    page = html_of(client, "/en/statistics/")
    assert "Disappearances by region and city" in page
    tallies = client.get("/api/v1/statistics/").json()["tallies"]
    counted = next(t for t in tallies if t["key"] == "disappearances-by-region")
    assert counted["rows"] == [{"label": "Almaty", "count": 1}]


def test_a_submission_reporting_it_becomes_a_record(moderator_client):
    response = Client().post(
        "/en/submit/",
        form(surname="Іздеуов", happened=["disappeared"], happened_on="2022-01-07"),
    )
    assert response.status_code == 200
    submission = Submission.objects.get()
    assert submission.happened_labels == ["Disappeared"]
    decided = moderator_client.post(
        f"/en/admin/submissions/submission/{submission.pk}/decide/",
        {"action": "accept", "facts": ["name", "disappeared"]},
    )
    assert decided.status_code == 302
    record = Disappearance.objects.get()
    assert str(record.occurred_on) == "2022-01-07"
    assert record.person.surname == "Іздеуов"


def test_erasure_empties_what_the_kind_says(administrator_client, disappeared):
    response = administrator_client.post(
        "/en/admin/victims/person/",
        {
            "action": "erase",
            "_selected_action": [disappeared.person.pk],
            "confirm": "1",
            "reason": "Invented request, granted",
        },
    )
    assert response.status_code == 302
    disappeared.refresh_from_db()
    assert (disappeared.account, disappeared.last_seen_by) == ("", "")
    history = Disappearance.pgh_event_model.objects.filter(pgh_obj_id=disappeared.pk)
    assert "invented neighbour" not in repr(list(history.values()))
