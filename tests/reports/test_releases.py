"""Numbered public releases: public records only, a valid Frictionless Data Package,
byte-identical for the same state, hashed, with a changelog; made by administrators."""

import csv
import hashlib
import io
import json
import time
from datetime import date
from pathlib import Path

import frictionless
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.visibility import Visibility
from reports.models import Release
from sources.models import ListEntry
from tests.factories import (
    AllegationFactory,
    DeathFactory,
    PseudonymousPersonFactory,
    PublicPersonFactory,
    StaffPersonFactory,
    StaffSourceFactory,
    UserFactory,
    VictimListFactory,
    sign_in,
)

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
    deadline = time.monotonic() + 30
    while not Release.objects.exists():
        assert time.monotonic() < deadline, "the worker made no release"
        time.sleep(0.2)
    release = Release.objects.get()
    assert release.rows["people"] == 1
    assert (
        "Release 1"
        in admin_client.get(reverse("admin:reports_release_changelist")).text
    )
