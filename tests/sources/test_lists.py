"""Victim lists kept verbatim: the seeded shells, the API, visibility, and entries
that are never edited."""

import pytest
from django.db import DatabaseError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from archive.visibility import Visibility
from sources.models import EntryAnnotation
from sources.models import ListEntry
from sources.models import VictimList
from tests.factories import UserFactory
from tests.factories import VictimListFactory
from tests.factories import partner_token
from tests.queries import html_of

pytestmark = pytest.mark.django_db

SHELLS = {
    "official-list-of-the-dead-2022-08": None,
    "official-list-of-security-officials-2022": 19,
    "radio-azattyq-list-of-the-dead": 188,
    "ar-rukh-khak-list-of-the-dead": 221,
    "coalition-against-torture-reports-2022-07": 172,
}


def a_list(visibility=Visibility.PUBLIC, rows: int = 3) -> VictimList:
    victim_list = VictimListFactory(visibility=visibility, claimed_count=rows)
    for row in range(1, rows + 1):
        ListEntry.objects.create(
            victim_list=victim_list,
            row_number=row,
            columns=[["№", str(row)], ["Аты-жөні", f"Жолдасбеков Ж.{row}"]],
            name_as_written=f"Жолдасбеков Ж.{row}",
            surname="Жолдасбеков",
            initials="Ж",
        )
    return victim_list


def test_the_seed_lists_are_loaded_as_cited_empty_shells(archive_data):
    from sources.actions import load_archive_data

    load_archive_data()  # a second run changes nothing

    shells = {v.reference: v for v in VictimList.objects.all()}
    assert {ref: v.claimed_count for ref, v in shells.items()} == SHELLS
    for victim_list in shells.values():
        assert victim_list.kind == "list"
        assert victim_list.visibility == Visibility.PUBLIC
        assert victim_list.entries.count() == 0
        assert victim_list.citations.count() == 1
    assert archive_data.lists == len(SHELLS)


def test_the_api_lists_the_lists_with_their_counts(archive_data):
    response = Client().get("/api/v1/lists/", {"page_size": 50})

    assert response.status_code == 200
    rows = {row["reference"]: row for row in response.json()["results"]}
    assert rows["radio-azattyq-list-of-the-dead"]["claimed_count"] == 188
    assert rows["radio-azattyq-list-of-the-dead"]["entry_count"] == 0
    assert rows["radio-azattyq-list-of-the-dead"]["counts"] == "killed"


def test_entries_come_verbatim_and_in_row_order(editor_client):
    victim_list = a_list(rows=3)
    url = f"/api/v1/lists/{victim_list.uuid}/entries/"

    response = editor_client.get(url)
    public = Client().get(url).json()["results"]

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["row_number"] for row in rows] == [1, 2, 3]
    assert rows[0]["columns"] == [["№", "1"], ["Аты-жөні", "Жолдасбеков Ж.1"]]
    # Nobody has linked these rows to a person named with consent: below staff,
    # a row's names and columns are withheld (tests/victims/test_discrepancies.py).
    assert [row["name_withheld"] for row in public] == [True, True, True]
    assert "Жолдасбеков" not in str(public)


@pytest.mark.parametrize(
    ("level", "anonymous", "partner"),
    [("public", 200, 200), ("partners", 404, 200), ("staff", 404, 404)],
)
def test_a_lists_entries_are_as_readable_as_the_list(
    level, anonymous, partner, editor_client
):
    victim_list = a_list(visibility=level)
    url = f"/api/v1/lists/{victim_list.uuid}/entries/"
    token = partner_token("read:public", "read:partners")

    assert Client().get(url).status_code == anonymous
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(url).status_code == partner
    assert editor_client.get(url).status_code == 200
    visible = ListEntry.objects.visible_at(Visibility.PUBLIC)
    assert visible.exists() == (level == "public")


def test_entries_are_never_edited_or_deleted():
    entry = a_list(rows=1).entries.get()

    with pytest.raises(DatabaseError), transaction.atomic():
        ListEntry.objects.filter(pk=entry.pk).update(surname="Changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        ListEntry.objects.filter(pk=entry.pk).delete()
    assert ListEntry.objects.get(pk=entry.pk).surname == "Жолдасбеков"


def test_a_correction_is_an_annotation_with_its_author(editor_client):
    entry = a_list(rows=1).entries.get()
    url = reverse("admin:sources_listentry_change", args=[entry.pk])
    assert "Жолдасбеков Ж.1" in html_of(editor_client, url)

    response = editor_client.post(
        url,
        {
            "annotations-TOTAL_FORMS": "1",
            "annotations-INITIAL_FORMS": "0",
            "annotations-0-field": "birth_year",
            "annotations-0-value": "1990",
            "annotations-0-reason": "the family's documents give 1990",
        },
    )

    assert response.status_code == 302
    annotation = EntryAnnotation.objects.get()
    assert annotation.author == editor_client.user
    assert annotation.entry.surname == "Жолдасбеков"  # the entry is as published
    with pytest.raises(DatabaseError), transaction.atomic():
        EntryAnnotation.objects.filter(pk=annotation.pk).update(reason="rewritten")


def test_lists_are_for_staff_in_the_workspace(client):
    user = UserFactory()  # signed in, but no staff role
    signed_in = Client()
    signed_in.force_login(user)
    for visitor in (client, signed_in):
        response = visitor.get("/en/admin/sources/victimlist/")
        assert response.status_code == 302  # to the staff login
