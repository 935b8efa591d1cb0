"""The statistics page, its CSV tables and its JSON, checked against a small
hand-made set whose counts are known, at each clearance."""

import csv
import io
from datetime import date

import pytest
from django.utils import timezone

from archive.visibility import Visibility
from tests.factories import AllegationFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import FigureFactory
from tests.factories import OrganisationFactory
from tests.factories import PublicPersonFactory
from tests.factories import place
from victims.models import Person

PUBLIC = Visibility.PUBLIC


def table(client, key: str, query: str = "") -> dict:
    """A downloaded table as {row label: count, or [counts by column]}."""
    response = client.get(f"/en/statistics/?download={key}{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return {row[0]: [int(n) for n in row[1:]] for row in rows[1:]}


@pytest.fixture
def known(db):
    """Three public deaths, one staff-only death, one fictional death; two
    detentions (one staff-only); one public allegation."""
    young = PublicPersonFactory(
        age_at_events=25, details_visibility=PUBLIC, role=Person.Role.CIVILIAN
    )
    older = PublicPersonFactory(
        sex=Person.Sex.FEMALE,
        birth_date=date(1960, 3, 1),
        details_visibility=PUBLIC,
        role=Person.Role.LAW_ENFORCEMENT,
    )
    hidden_age = PublicPersonFactory(age_at_events=40, role=Person.Role.MILITARY)
    DeathFactory(person=young)
    DeathFactory(
        person=older, occurred_on="2022-01-06", place=place("Taraz"), cause="beating"
    )
    DeathFactory(person=hidden_age)
    staff_only = DeathFactory(occurred_on="2022-01-07", visibility=Visibility.STAFF)
    fictional = PublicPersonFactory(is_fictional=True)
    DeathFactory(person=fictional, occurred_on="2022-01-09")
    DetentionFactory(outcome="convicted")
    DetentionFactory(
        place=place("Almaty"), outcome="pending", visibility=Visibility.STAFF
    )
    AllegationFactory(complaint_filed="yes", official_victim_status="no")
    return staff_only


def test_the_public_counts_what_the_public_may_read(client, known):
    assert table(client, "deaths-by-day") == {
        "4 January": [0],
        "5 January": [2],
        "6 January": [1],
        "7 January": [0],  # the staff-only death is not counted
        "8 January": [0],
        "9 January": [0],  # the fictional death is left out: real records exist
        "10 January": [0],
        "11 January": [0],
    }
    assert table(client, "deaths-by-region") == {"Almaty": [2], "Jambyl Region": [1]}
    assert table(client, "deaths-by-cause") == {"Gunshot": [2], "Beating": [1]}
    assert table(client, "deaths-by-role") == {
        "Civilian": [1],
        "Law enforcement": [1],
        "Military": [1],
    }
    # Columns: male, female, unknown. The third person's age is a staff-only detail.
    assert table(client, "deaths-by-age-and-sex") == {
        "0–17": [0, 0, 0],
        "18–29": [1, 0, 0],
        "30–44": [0, 0, 0],
        "45–59": [0, 0, 0],
        "60+": [0, 1, 0],
        "Not known": [1, 0, 0],
    }
    assert table(client, "detentions-by-region") == {"Jambyl Region": [1]}
    assert table(client, "detentions-by-outcome") == {"Convicted": [1]}
    assert table(client, "allegations-by-method") == {
        "Beating": [1],
        "Electric shock": [1],
    }
    assert table(client, "allegations-by-complaint") == {"Yes": [1]}
    assert table(client, "allegations-by-official-status") == {"No": [1]}
    assert table(client, "allegations-by-facility") == {"Not known": [1]}


def test_staff_count_staff_only_records_and_details(editor_client, client, known):
    assert table(editor_client, "deaths-by-day")["7 January"] == [1]
    ages = table(editor_client, "deaths-by-age-and-sex")
    assert ages["30–44"] == [1, 0, 0]  # staff may read the age
    assert table(editor_client, "detentions-by-outcome") == {
        "Pending": [1],
        "Convicted": [1],
    }
    assert table(client, "deaths-by-day")["7 January"] == [0]


def test_publishing_or_retracting_refreshes_the_counts(client, known):
    assert table(client, "deaths-by-day")["7 January"] == [0]
    known.visibility = PUBLIC
    known.save()
    assert table(client, "deaths-by-day")["7 January"] == [1]
    known.retracted_at = timezone.now()
    known.save()
    assert table(client, "deaths-by-day")["7 January"] == [0]


def test_demo_records_are_counted_and_labelled_when_they_are_all(client, db):
    DeathFactory(person=PublicPersonFactory(is_fictional=True))
    page = client.get("/en/statistics/")
    assert "count fictional demo records only" in page.text
    assert table(client, "deaths-by-cause") == {"Gunshot": [1]}


def test_the_page_shows_each_chart_with_its_table_and_caption(client, known):
    page = client.get("/en/statistics/")
    assert page.status_code == 200
    assert page.text.count("<svg") >= 10
    assert "Deaths by cause" in page.text
    assert 'href="?download=deaths-by-cause"' in page.text
    assert "<figcaption" in page.text
    assert "count fictional demo records only" not in page.text


def test_the_death_toll_over_time_links_each_claim_to_its_source(client, db):
    state = OrganisationFactory(name="An invented ministry", kind="state_body")
    for value, as_of in [(227, "2022-02-09"), (238, "2022-12-20")]:
        FigureFactory(metric="deaths_total", value=value, claimant=state, as_of=as_of)
    FigureFactory(
        metric="deaths_listed_by_name",
        value=188,
        claimant=OrganisationFactory(name="An invented newsroom", kind="media"),
        as_of="2022-07-29",
    )
    hidden = FigureFactory(metric="deaths_total", value=999, claimant=state)
    hidden.visibility = Visibility.STAFF
    hidden.save()
    page = client.get("/en/statistics/")
    assert "An invented ministry: 227" in page.text  # the point's label in the SVG
    assert "An invented newsroom: 188" in page.text
    assert "An invented ministry: 999" not in page.text
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/en/statistics/?download=timeline").content.decode()
            )
        )
    )
    assert [(row[0], row[3], row[4]) for row in rows[1:]] == [
        ("2022-02-09", "227", "Official"),
        ("2022-07-29", "188", "Independent"),
        ("2022-12-20", "238", "Official"),
    ]
    assert all(row[7].startswith("/en/sources/") for row in rows[1:])


def test_an_unknown_table_is_a_404_and_bad_lists_a_400(client, db):
    assert client.get("/en/statistics/?download=nothing").status_code == 404
    assert client.get("/en/statistics/?lists=not-a-list").status_code == 400


def test_the_page_speaks_kazakh_and_russian(client, known):
    assert "Статистика" in client.get("/kk/statistics/").text
    assert "Смерти по дням" in client.get("/ru/statistics/").text


def test_the_page_and_the_api_take_a_fixed_number_of_queries(
    client, known, django_assert_max_num_queries
):
    for _ in range(3):
        DeathFactory(person=PublicPersonFactory(details_visibility=PUBLIC))
    with django_assert_max_num_queries(30):
        client.get("/en/statistics/")
    with django_assert_max_num_queries(8):  # cached: the state query and the form
        client.get("/en/statistics/")
    with django_assert_max_num_queries(10):
        client.get("/api/v1/statistics/")


def test_the_api_gives_the_same_counts_at_the_callers_clearance(client, known):
    data = client.get("/api/v1/statistics/").json()
    causes = next(t for t in data["tallies"] if t["key"] == "deaths-by-cause")
    assert causes["rows"] == [
        {"label": "Gunshot", "count": 2},
        {"label": "Beating", "count": 1},
    ]
    assert data["demo_only"] is False
    assert data["estimates"] == []


def test_a_list_title_cannot_inject_markup_into_a_chart(client, db):
    from tests.factories import VictimListFactory

    victim_list = VictimListFactory(title="<script>alert(1)</script>")
    victim_list.visibility = PUBLIC
    victim_list.save()
    page = client.get("/en/statistics/")
    assert "<script>alert(1)</script>" not in page.text


def test_the_lists_and_who_is_on_which_counted_from_the_links(client, db):
    from sources.models import ListEntry
    from tests.factories import UserFactory
    from tests.factories import VictimListFactory
    from victims.actions.list_decisions import decide
    from victims.models import EntryVerdict

    first = VictimListFactory(title="List A", claimed_count=188)
    second = VictimListFactory(title="List B", claimed_count=221)
    reviewer = UserFactory(role="moderator")  # links publish the lists' spellings
    both, only_a = PublicPersonFactory(), PublicPersonFactory()
    rows = {first: 0, second: 0}

    def entry(victim_list, person=None):
        rows[victim_list] += 1
        made = ListEntry.objects.create(
            victim_list=victim_list,
            row_number=rows[victim_list],
            columns=[["name", "x"]],
            name_as_written="x",
        )
        if person:
            decide(made, EntryVerdict.LINK, by=reviewer, person=person)

    entry(first, both)
    entry(second, both)
    entry(first, only_a)
    entry(second)  # nobody linked yet: on list B only

    assert table(client, "lists") == {"List A": [188, 2, 2], "List B": [221, 2, 1]}
    chosen = f"&lists={first.uuid}&lists={second.uuid}"
    assert table(client, "overlap", chosen) == {
        "List A": [1],
        "List B": [1],
        "List A + List B": [1],
    }
    page = client.get("/en/statistics/")  # the two most linked lists by default
    assert "List A + List B" in page.text
