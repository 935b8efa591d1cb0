"""Numbered public releases: public records only, a valid Frictionless Data Package,
byte-identical for the same state, hashed, with a changelog; made by administrators."""

import csv
import hashlib
import io
import json
import threading
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path

import frictionless
import pytest
from django.core.management import CommandError
from django.core.management import call_command
from django.db import transaction
from django.db.backends.signals import connection_created
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.visibility import Visibility
from reports.models import Release
from sources.models import Citation
from sources.models import ListEntry
from tests.factories import AllegationFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import InjuryFactory
from tests.factories import NameVariantFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import StaffPersonFactory
from tests.factories import StaffSourceFactory
from tests.factories import UserFactory
from tests.factories import VictimListFactory
from tests.factories import cite
from tests.factories import sign_in
from tests.waiting import wait_until
from victims.models import Person

# Values that must never leave the archive in a release.
HIDDEN = {
    "staff-only person": "Жасырынбеков",
    "partners-only person": "Серіктесов",
    "name under pseudonym": "Бүркеншікова",
    "sensitive occupation": "invented-hidden-occupation",
    "sensitive birth date": "1977-07-07",
    "testimony": "An invented hidden testimony",
    "what is said of perpetrators": "Invented hidden perpetrators",
    "staff-only source": "An invented staff-only report",
    "staff-only list entry": "Құпиятізімов",
    "unlinked public list entry": "Байланыссызов",
}


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def administrator(db):
    return UserFactory(role="administrator")


def make(administrator) -> Release:
    call_command("make_release", by=administrator.username, stdout=io.StringIO())
    return Release.objects.order_by("-number").first()


def release_files(media: Path, release: Release) -> dict[str, bytes]:
    folder = media / "releases" / str(release.number)
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def planted(db):
    """Public records, and beside them every kind of value a release must not hold."""
    named = PublicPersonFactory(surname="Ашықов", given_name="Ерлан")
    DeathFactory(person=named)
    StaffPersonFactory(surname=HIDDEN["staff-only person"])
    partner = PublicPersonFactory(surname=HIDDEN["partners-only person"])
    partner.visibility = Visibility.PARTNERS
    partner.save()
    PseudonymousPersonFactory(
        surname=HIDDEN["name under pseudonym"], pseudonym="Witness Q"
    )
    PublicPersonFactory(
        occupation=HIDDEN["sensitive occupation"],
        birth_date=date.fromisoformat(HIDDEN["sensitive birth date"]),
    )
    AllegationFactory(
        testimony=HIDDEN["testimony"],
        perpetrator_description=HIDDEN["what is said of perpetrators"],
    )
    StaffSourceFactory(title=HIDDEN["staff-only source"])
    staff_list = VictimListFactory(visibility=Visibility.STAFF)
    public_list = VictimListFactory(title="An invented public list")
    for victim_list, name in [
        (staff_list, HIDDEN["staff-only list entry"]),
        (public_list, HIDDEN["unlinked public list entry"]),
    ]:
        ListEntry.objects.create(
            victim_list=victim_list,
            row_number=1,
            columns=[["ФИО", name]],
            name_as_written=name,
            surname=name,
        )
    return named


@pytest.mark.django_db
def test_a_release_holds_the_public_records_and_none_of_the_hidden_values(
    media, administrator, planted
):
    release = make(administrator)

    files = release_files(media, release)
    assert release.number == 1
    assert {
        f"data/{t}.{x}" for t in ("people", "list-entries") for x in ("csv", "json")
    } <= set(files)
    for label, value in HIDDEN.items():
        for name, content in files.items():
            assert value.encode() not in content, f"{label} in {name}"
    people = json.loads(files["data/people.json"])
    assert {p["name"] for p in people} >= {"Ашықов Ерлан Серікұлы", "Witness Q"}
    assert str(planted.uuid) in {p["id"] for p in people}
    entries = json.loads(files["data/list-entries.json"])
    assert [e["name_withheld"] for e in entries] == [True]  # the public list's row


@pytest.mark.django_db
def test_a_release_is_a_valid_data_package_with_a_manifest_of_hashes(
    media, administrator, planted
):
    release = make(administrator)
    folder = media / "releases" / "1"

    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "note"])[:5]
    package = json.loads((folder / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert all(resource["schema"]["fields"] for resource in package["resources"])
    manifest = (folder / "manifest-sha256.txt").read_text().splitlines()
    listed = dict(reversed(line.split("  ")) for line in manifest)
    for name, content in release_files(media, release).items():
        if name != "manifest-sha256.txt":
            assert listed[name] == hashlib.sha256(content).hexdigest()
    assert {f["path"]: f["sha256"] for f in release.files}["datapackage.json"] == (
        listed["datapackage.json"]
    )


@pytest.mark.django_db
def test_the_same_state_gives_byte_identical_files(
    media, administrator, planted, tmp_path
):
    for folder in ("first", "second"):
        call_command(
            "make_release",
            by=administrator.username,
            output=tmp_path / folder,
            stdout=io.StringIO(),
        )
    release = make(administrator)
    made = release_files(media, release)
    for folder in ("first", "second"):
        written = {
            path.relative_to(tmp_path / folder).as_posix(): path.read_bytes()
            for path in (tmp_path / folder).rglob("*")
            if path.is_file()
        }
        assert written == made
    with pytest.raises(CommandError, match="exists"):
        call_command("make_release", by=administrator.username, output=tmp_path)


@pytest.mark.django_db
def test_the_changelog_gives_what_was_added_changed_and_retracted(
    media, administrator, planted
):
    changed, retracted = PublicPersonFactory(), PublicPersonFactory()
    make(administrator)
    added = PublicPersonFactory()
    changed.role = "military"
    changed.save()
    retracted.retracted_at = timezone.now()
    retracted.save()

    release = make(administrator)

    assert release.number == 2
    assert release.changes["previous"] == 1
    assert release.changes["tables"]["people"] == {
        "added": 1,
        "changed": 1,
        "retracted": 1,
    }
    lines = release_files(media, release)["changelog.csv"].decode()
    rows = {
        (r["table"], r["change"], r["id"]) for r in csv.DictReader(io.StringIO(lines))
    }
    assert {
        ("people", "added", str(added.uuid)),
        ("people", "changed", str(changed.uuid)),
        ("people", "retracted", str(retracted.uuid)),
    } <= rows


@pytest.mark.django_db
def test_releases_are_served_with_their_hashes_and_licence(
    media, administrator, planted, client
):
    release = make(administrator)
    listing = client.get("/en/releases/")
    assert "Release 1" in listing.text and "Creative Commons" in listing.text
    page = client.get(release.get_absolute_url())
    datapackage = next(f for f in release.files if f["path"] == "datapackage.json")
    assert datapackage["sha256"] in page.text
    download = client.get(f"/en/releases/1/{datapackage['path']}")
    assert download.status_code == 200
    assert (
        hashlib.sha256(b"".join(download.streaming_content)).hexdigest()
        == (datapackage["sha256"])
    )
    assert client.get("/en/releases/1/../../settings.py").status_code == 404
    assert client.get("/en/releases/1/data/nothing.csv").status_code == 404
    assert client.get("/en/releases/2/").status_code == 404
    api = client.get("/api/v1/releases/").json()
    assert api["results"][0]["number"] == 1
    assert api["results"][0]["licence"]["name"] == "CC-BY-4.0"
    assert (
        client.get("/api/v1/releases/1/")
        .json()["files"][0]["url"]
        .startswith("http://testserver/en/releases/1/")
    )


@pytest.mark.django_db
def test_only_administrators_make_releases_and_none_is_ever_changed(
    media, administrator, editor_client, client, django_capture_on_commit_callbacks
):
    url = reverse("admin:reports_release_make")
    assert client.post(url).status_code == 302  # to the login page
    assert editor_client.post(url).status_code == 403
    assert (
        editor_client.get(reverse("admin:reports_release_changelist")).status_code
        == 200
    )
    with pytest.raises(CommandError, match="not an administrator"):
        call_command("make_release", by=editor_client.user.username)

    admin_client = Client()
    sign_in(admin_client, administrator)
    with django_capture_on_commit_callbacks() as queued:
        response = admin_client.post(url)
    assert response.status_code == 302
    assert len(queued) == 1  # the release is made by the worker

    release = make(administrator)
    for change in (
        lambda: Release.objects.filter(pk=release.pk).update(rows={}),
        lambda: Release.objects.filter(pk=release.pk).delete(),
    ):
        with (
            pytest.raises(Exception, match="releases_are_immutable"),
            transaction.atomic(),
        ):
            change()


@pytest.mark.worker
def test_the_worker_makes_the_release_an_administrator_asked_for(
    celery_worker, reference_data, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    PublicPersonFactory(surname="Ашықов")
    admin_client = Client()
    sign_in(admin_client, UserFactory(role="administrator"))

    response = admin_client.post(reverse("admin:reports_release_make"))

    assert response.status_code == 302
    wait_until(Release.objects.exists, "the worker making the release")
    release = Release.objects.get()
    assert release.rows["people"] == 1
    assert (
        "Release 1"
        in admin_client.get(reverse("admin:reports_release_changelist")).text
    )


# The release's large tables are written by PostgreSQL (reports/release_sql.py);
# the API's exports are written by its serializers. They must say the same.
EXPORTED_AS = {
    "people": "persons",
    "deaths": "deaths",
    "detentions": "detentions",
    "injuries": "injuries",
    "allegations": "allegations",
    "citations": "citations",
}


def raw_records(text: str) -> list[str]:
    """Each record of a CSV exactly as written, without its line end (a release
    ends lines with LF, the API's exports with CRLF): split at the line feeds
    outside quotes, so that a cell quoted in one file and not in the other differs."""
    records, start, quoted = [], 0, False
    for at, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "\n" and not quoted:
            records.append(text[start:at].removesuffix("\r"))
            start = at + 1
    return [*records, text[start:]] if start < len(text) else records


@pytest.fixture
def awkward(planted):
    """Records that test every way a value is written: each naming, details
    public with an encrypted note (written by the serializer), text that starts a
    formula or holds commas, quotes and line ends, events hidden and shown, a
    moment without microseconds."""
    staff_source = StaffSourceFactory()
    initials = PublicPersonFactory(
        naming=Person.Naming.INITIALS, surname="Бекова", given_name="Әлия"
    )
    NameVariantFactory(person=planted, surname='Ash"ykov, Jr', given_name="=Erlan")
    PublicPersonFactory(surname="\r=1+1", given_name="\t+Ali", naming="full")
    open_details = PublicPersonFactory(
        surname="-Ашықов",
        occupation='=HYPERLINK("x"),\nline two',
        birth_date=date(1990, 1, 2),
        age_at_events=31,
        consent_note="Consent given to the invented NGO.",
        details_visibility=Visibility.PUBLIC,
    )
    Citation.objects.cite(open_details, staff_source, locator="hidden p. 9")
    cite(open_details, locator='p. "2", para 3\nand 4')
    DeathFactory(person=initials, circumstances="@night, near the square")
    DetentionFactory(person=open_details, charges=["272", "=1+1"])
    DetentionFactory(person=open_details, visibility=Visibility.STAFF)
    InjuryFactory(person=open_details, description='"Beaten", twice')
    AllegationFactory(victim=open_details, details_visibility=Visibility.PUBLIC)
    AllegationFactory(victim=initials, testimony="", perpetrator_description="")
    Person.objects.filter(pk=initials.pk).update(
        created_at=datetime(2022, 1, 9, 12, 0, tzinfo=UTC)
    )
    return {"initials": initials, "open details": open_details}


@pytest.mark.django_db
def test_the_large_tables_say_what_the_api_exports_say_byte_for_byte(
    media, administrator, awkward, client
):
    files = release_files(media, make(administrator))

    for table, endpoint in EXPORTED_AS.items():
        exported = client.get(f"/api/v1/{endpoint}/export.json")
        assert exported.status_code == 200
        api_json = b"".join(exported.streaming_content).decode()
        released_json = files[f"data/{table}.json"].decode()
        assert len(json.loads(released_json)) == len(json.loads(api_json)) > 0, table
        assert sorted(released_json.strip("[]\n").split(",\n")) == sorted(
            api_json.strip("[]\n").split(",\n")
        ), table

        exported = client.get(f"/api/v1/{endpoint}/export.csv")
        api_rows = raw_records(b"".join(exported.streaming_content).decode())
        released_rows = raw_records(files[f"data/{table}.csv"].decode())
        assert released_rows[0] == api_rows[0], table
        assert sorted(released_rows[1:]) == sorted(api_rows[1:-1]), (
            table
        )  # no check line

    people = {p["id"]: p for p in json.loads(files["data/people.json"])}
    initials = people[str(awkward["initials"].uuid)]
    assert (initials["name"], initials["created_at"]) == (
        "Ә. Б.",
        "2022-01-09T18:00:00+06:00",  # Almaty's clock in 2022
    )
    open_details = people[str(awkward["open details"].uuid)]
    assert open_details["consent_note"] == "Consent given to the invented NGO."
    assert open_details["occupation"].startswith("=HYPERLINK")
    assert "'=HYPERLINK" in files["data/people.csv"].decode()
    assert '"\'\r=1+1"' in files["data/people.csv"].decode()  # quoted: one cell


def folder_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_two_connections_in_one_snapshot_write_what_one_connection_writes(
    reference_data, awkward, tmp_path
):
    administrator = UserFactory(role="administrator")
    threads = set()

    def opened(sender, connection, **kwargs):
        threads.add(threading.current_thread())

    # The outermost transaction: its snapshot is shared with a second connection.
    connection_created.connect(opened)
    try:
        call_command(
            "make_release",
            by=administrator.username,
            output=tmp_path / "two",
            stdout=io.StringIO(),
        )
    finally:
        connection_created.disconnect(opened)
    assert threads - {threading.main_thread()}, "no second connection wrote"

    # Inside a caller's transaction: one connection writes everything.
    with transaction.atomic():
        call_command(
            "make_release",
            by=administrator.username,
            output=tmp_path / "one",
            stdout=io.StringIO(),
        )

    two, one = folder_files(tmp_path / "two"), folder_files(tmp_path / "one")
    assert len(json.loads(two["data/people.json"])) == 7  # the public people
    assert two == one
