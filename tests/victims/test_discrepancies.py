"""The discrepancy report on a small hand-made set whose answer is known: as a page,
a CSV file and the API, and at each viewer's clearance."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from archive.visibility import Visibility
from tests.factories import DetentionFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.factories import VictimListFactory
from tests.factories import partner_token
from tests.queries import html_of
from tests.victims.test_linkage import entry
from victims.actions.list_decisions import decide
from victims.models import EntryVerdict

pytestmark = pytest.mark.django_db
COMPARE = "/api/v1/lists/compare/"


@pytest.fixture
def lists(editor_client):
    """List A names Ali (born 1990) and Bek; list B names Ali (born 1993: a
    conflict), Dana and an entry nobody has reviewed. Erlan, detained, is on
    neither. Bek withholds his name."""
    a = VictimListFactory(title="List A", counts="detained")
    b = VictimListFactory(title="List B", counts="detained")
    ali = PublicPersonFactory(surname="Әлиев", given_name="Әли", patronymic="")
    bek = PseudonymousPersonFactory(surname="Беков", given_name="Бек", patronymic="")
    dana = PublicPersonFactory(surname="Данова", given_name="Дана", patronymic="")
    erlan = PublicPersonFactory(surname="Ерланов", given_name="Ерлан", patronymic="")
    for someone in (ali, bek, dana, erlan):
        DetentionFactory(person=someone, visibility=Visibility.PUBLIC)
    by = UserFactory(role="moderator")  # links that publish spellings
    for victim_list, row, name, who, fields in [
        (a, 1, "Алиев Али", ali, {"birth_year": 1990, "place": "Алматы"}),
        (a, 2, "Беков Бек", bek, {}),
        (b, 1, "Aliyev Ali", ali, {"age": 29, "place": "Almaty"}),
        (b, 2, "Данова Дана", dana, {}),
    ]:
        decide(
            entry(victim_list, row, name, **fields),
            EntryVerdict.LINK,
            person=who,
            by=by,
        )
    entry(b, 3, "Неизвестный Н.", event_date=date(2022, 1, 5))
    return {"a": a, "b": b, "ali": ali, "bek": bek, "erlan": erlan}


def test_the_report_counts_what_is_known(lists):
    a, b = lists["a"], lists["b"]

    response = Client().get(COMPARE, {"lists": [str(a.uuid), str(b.uuid)]})

    assert response.status_code == 200
    report = response.json()
    counts = {tuple(region["lists"]): region["count"] for region in report["overlap"]}
    assert counts == {
        (str(a.uuid),): 1,  # Bek
        (str(b.uuid),): 2,  # Dana and the unreviewed entry
        (str(a.uuid), str(b.uuid)): 1,  # Ali
    }
    assert report["unlisted_count"] == 1  # Erlan
    assert report["unreviewed"] == {str(a.uuid): 0, str(b.uuid): 1}
    # Ali's birth year is a staff-only detail: the public sees no such conflict;
    # "Алматы" and "Almaty" are the same place.
    assert report["conflicts"] == []


def test_staff_see_the_conflicting_ages_side_by_side(lists, editor_client):
    a, b, ali = lists["a"], lists["b"], lists["ali"]

    report = editor_client.get(COMPARE, {"lists": [str(a.uuid), str(b.uuid)]}).json()

    assert report["conflicts"] == [
        {
            "person": str(ali.uuid),
            "name": "Әлиев Әли",
            "field": "birth_year",
            "values": [
                {"list": str(a.uuid), "row": 1, "value": "1990"},
                {"list": str(b.uuid), "row": 1, "value": "1993"},
            ],
        }
    ]
    page = html_of(editor_client, reverse("victims:person", args=[ali.uuid]))
    assert "Where the lists disagree" in page
    assert "1990" in page and "1993" in page and "List A, row 1" in page


def test_the_page_and_csv_follow_each_persons_naming_rule(lists):
    a, b = lists["a"], lists["b"]
    url = reverse("victims:list_comparison")
    query = f"?lists={a.uuid}&lists={b.uuid}"

    page = html_of(Client(), url + query)
    csv_text = Client().get(url + query + "&format=csv").content.decode()

    assert "Ерланов Ерлан" in page  # on neither list, named with consent
    for text in (page, csv_text):
        assert "Беков" not in text  # named on list A, but not with consent
    assert "on none of these lists" in csv_text and "Ерланов Ерлан" in csv_text


def test_a_staff_only_list_is_compared_by_staff_only(lists, editor_client):
    hidden = VictimListFactory(title="Hidden list", visibility=Visibility.STAFF)
    query = {"lists": [str(lists["a"].uuid), str(hidden.uuid)]}
    token = partner_token("read:public", "read:partners")
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    for caller in (Client(), partner):
        response = caller.get(COMPARE, query)
        assert response.status_code == 400
        assert response.json()["lists"] == ["No such list."]
    assert editor_client.get(COMPARE, query).status_code == 200
    page = Client().get(reverse("victims:list_comparison"), query)
    assert page.status_code == 400 and "Hidden list" not in page.text


@pytest.mark.parametrize(
    "lists_param", [[], ["not-a-uuid", "x"], ["a"], ["a", "b", "c", "d"]]
)
def test_bad_comparisons_get_a_field_message(lists_param):
    response = Client().get(COMPARE, {"lists": lists_param})

    assert response.status_code == 400
    assert "lists" in response.json()


def test_public_entries_withhold_names_not_published_with_consent(
    lists, django_assert_max_num_queries
):
    a = lists["a"]
    url = f"/api/v1/lists/{a.uuid}/entries/"

    with django_assert_max_num_queries(8):
        rows = Client().get(url).json()["results"]
    staff = Client()
    staff.force_login(UserFactory(role="editor"))
    staff_rows = staff.get(url).json()["results"]

    assert rows[0]["name_as_written"] == "Алиев Али"
    assert rows[0]["person"] == {"id": str(lists["ali"].uuid), "name": "Әлиев Әли"}
    assert rows[1]["name_withheld"] and rows[1]["columns"] == []
    assert rows[1]["name_as_written"] == "" and "Беков" not in str(rows[1])
    # Nor is the row tied to Bek below staff: the list would name him (#28).
    assert rows[1]["person"] is None and str(lists["bek"].uuid) not in str(rows)
    assert staff_rows[1]["person"]["id"] == str(lists["bek"].uuid)
    assert staff_rows[1]["name_as_written"] == "Беков Бек"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("kk", "Кім қай тізімде және тізімдер қай жерде алшақтайды"),
        ("ru", "Кто в каком списке и в чём списки расходятся"),
    ],
)
def test_the_comparison_speaks_kazakh_and_russian(language, text):
    assert text in html_of(Client(), f"/{language}/lists/compare/")
