"""Torture allegations: their page, their API, the search filter, the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from archive.visibility import Visibility
from tests.factories import AllegationFactory
from tests.factories import PublicPersonFactory
from tests.queries import html_of
from tests.queries import query_count
from victims.models import Happened

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_methods_and_withholds_testimony(client):
    allegation = AllegationFactory(testimony="An invented account of the cell.")

    html = html_of(client, allegation.get_absolute_url())

    assert "Electric shock" in html
    assert "An invented account of the cell." not in html
    assert allegation.victim.pseudonym in html
    assert allegation.victim.surname not in html


def test_testimony_shared_by_a_moderator_is_shown(client):
    allegation = AllegationFactory(
        testimony="An invented account shared with consent.",
        details_visibility=Visibility.PUBLIC,
    )

    assert "shared with consent" in html_of(client, allegation.get_absolute_url())


def test_a_staff_only_allegation_is_no_page_for_the_public(client, editor_client):
    allegation = AllegationFactory(visibility=Visibility.STAFF)

    assert client.get(allegation.get_absolute_url()).status_code == 404
    assert editor_client.get(allegation.get_absolute_url()).status_code == 200


def test_the_api_filters_by_method_and_drops_restricted_fields():
    beaten = AllegationFactory(methods=["beating"])
    AllegationFactory(methods=["hooding"])

    response = Client().get("/api/v1/allegations/", {"method": "beating"})

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == str(beaten.uuid)
    assert "testimony" not in row and "perpetrator_description" not in row


def test_people_with_alleged_torture_are_found_by_the_search_filter(client):
    """Torture is a kind of what happened that allegations registers with victims."""
    survivor = AllegationFactory().victim
    PublicPersonFactory()

    response = client.get("/en/search/", {"happened": Happened.TORTURED})

    assert response.status_code == 200
    assert [person.pk for person in response.context["page"]] == [survivor.pk]


def test_the_person_admin_edits_allegations_inline(editor_client):
    allegation = AllegationFactory()
    url = reverse("admin:victims_person_change", args=[allegation.victim.pk])

    html = html_of(editor_client, url)

    assert "torture_allegations-TOTAL_FORMS" in html


def test_the_allegation_page_takes_the_same_queries_whatever_its_citations(client):
    from tests.factories import cite

    allegation = AllegationFactory()
    few = query_count(client, allegation.get_absolute_url())
    for _ in range(4):
        cite(allegation)
    assert query_count(client, allegation.get_absolute_url()) == few
