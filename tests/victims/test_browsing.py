"""Browsing without a name: everyone the viewer may see, places and incidents."""

import re

import pytest

from archive.visibility import Visibility
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import IncidentFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import StaffPersonFactory
from tests.factories import place
from tests.queries import html_of

pytestmark = pytest.mark.django_db


def listed(client, **params) -> list[str]:
    response = client.get("/en/people/", params)
    assert response.status_code == 200
    results = response.text.split('<ol class="results"', 1)[1]
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', results)


@pytest.fixture
def people():
    early = PublicPersonFactory(
        surname="Ахметов",
        given_name="Бауыржан",
        residence_region=place("Mangystau Region"),
    )
    DeathFactory(person=early, occurred_on="2022-01-05")
    late = PublicPersonFactory(
        surname="Жақсылықов", given_name="Нұрлан", residence_region=place("Almaty")
    )
    DetentionFactory(person=late, occurred_on="2022-01-09")
    hidden = PseudonymousPersonFactory(surname="Әбенова", given_name="Сәуле")
    hidden.pseudonym = "Invented pseudonym"
    hidden.save()
    StaffPersonFactory(surname="Құпиянов", given_name="Ерлан")
    return early, late, hidden


def test_everyone_the_visitor_may_see_is_listed_by_shown_name(client, people):
    names = listed(client)

    assert names == [
        "Invented pseudonym",
        "Ахметов Бауыржан Серікұлы",
        "Жақсылықов Нұрлан Серікұлы",
    ]
    assert "Әбенова" not in client.get("/en/people/").text
    assert "Құпиянов" not in client.get("/en/people/").text


def test_staff_see_staff_only_people(editor_client, people):
    assert "Құпиянов Ерлан Серікұлы" in " ".join(listed(editor_client))


def test_people_sort_by_date_and_region(client, people):
    assert listed(client, sort="date")[:2] == [
        "Ахметов Бауыржан Серікұлы",  # killed on 5 January
        "Жақсылықов Нұрлан Серікұлы",  # detained on 9 January
    ]
    by_region = listed(client, sort="region")
    almaty = by_region.index("Жақсылықов Нұрлан Серікұлы")
    assert almaty < by_region.index("Ахметов Бауыржан Серікұлы")  # Mangystau


def test_a_staff_only_death_does_not_date_a_person_for_visitors(client):
    person = PublicPersonFactory(surname="Ахметов", given_name="Бауыржан")
    DeathFactory(person=person, occurred_on="2022-01-04", visibility=Visibility.STAFF)
    other = PublicPersonFactory(surname="Жақсылықов", given_name="Нұрлан")
    DetentionFactory(person=other, occurred_on="2022-01-09")

    assert listed(client, sort="date") == [
        "Жақсылықов Нұрлан Серікұлы",
        "Ахметов Бауыржан Серікұлы",  # no event the visitor may see: last
    ]


def test_an_unknown_sort_is_a_clear_error(client, people):
    response = client.get("/en/people/", {"sort": "surname"})

    assert response.status_code == 400
    assert "Sort by: Select a valid choice." in response.text


def test_pages_keep_the_sort_order(client, settings):
    for n in range(55):
        PublicPersonFactory(surname=f"Ахметов{'а' * (n % 5)}", given_name="Бауыржан")

    html = html_of(client, "/en/people/", {"sort": "region"})

    assert "?sort=region&amp;page=2" in html


def test_the_people_list_queries_do_not_grow_with_people(
    client, django_assert_max_num_queries
):
    for _ in range(30):
        DeathFactory()
    with django_assert_max_num_queries(10):
        assert client.get("/en/people/", {"sort": "date"}).status_code == 200


def test_places_list_facilities_and_filters_by_kind(client):
    html = html_of(client, "/en/places/", {"kind": "region"})

    table = html.split("<table>")[1]
    assert "Mangystau Region" in table and "<td>Region</td>" in table
    assert "<td>City of republican significance</td>" not in table
    assert client.get("/en/places/", {"kind": "planet"}).status_code == 400
    assert client.get("/en/places/").status_code == 200


def test_incidents_list_what_the_visitor_may_see(client, editor_client):
    IncidentFactory(title_en="An invented public incident")
    IncidentFactory(title_en="An invented staff incident", visibility=Visibility.STAFF)

    html = html_of(client, "/en/incidents/")
    assert "An invented public incident" in html
    assert "An invented staff incident" not in html
    assert "An invented staff incident" in html_of(editor_client, "/en/incidents/")
