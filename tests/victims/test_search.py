"""The name search page: every way a family member may write a name finds the person."""

import re

import pytest
from django.urls import reverse

from archive.visibility import Visibility
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import NameVariantFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import StaffPersonFactory
from tests.factories import place
from tests.queries import html_of
from victims.models import Person

pytestmark = pytest.mark.django_db
URL = "/en/search/"


def found(client, query: str, **filters) -> list[str]:
    """The names on the results page, best first."""
    response = client.get(URL, {"q": query, **filters})
    assert response.status_code == 200
    html = response.content.decode()
    results = (
        html.split('<ol class="results">', 1)[1]
        if '<ol class="results">' in html
        else ""
    )
    return re.findall(r'<li>\s*<a href="[^"]+">([^<]+)</a>', results)


@pytest.fixture
def alibek():
    """Сәрсенбаев Әлібек Серікұлы, among namesakes and near-namesakes."""
    person = PublicPersonFactory(
        surname="Сәрсенбаев", given_name="Әлібек", patronymic="Серікұлы"
    )
    PublicPersonFactory(surname="Сәрсенбаев", given_name="Ерлан", patronymic="Серікұлы")
    PublicPersonFactory(
        surname="Сәрсенбаева", given_name="Гүлнұр", patronymic="Әлібекқызы"
    )
    PublicPersonFactory(surname="Нұрланов", given_name="Әлібек", patronymic="Асқарұлы")
    return person


FORMS = [
    ("Kazakh Cyrillic", "Сәрсенбаев Әлібек Серікұлы"),
    ("Russian Cyrillic", "Сарсенбаев Алибек Серикович"),
    ("passport Latin", "SARSENBAEV ALIBEK"),
    ("press Latin", "Alibek Sarsenbayev"),
    ("2021 Kazakh Latin", "Sársenbaev Álibek Serikuly"),
    ("lowercase ascii", "sarsenbaev alibek"),
    ("given name first", "Әлібек Сәрсенбаев"),
    ("without patronymic", "Сәрсенбаев Әлібек"),
    ("official list initials", "Сарсенбаев А.С."),
    ("one typo", "Сарсенбаем Алибек"),
    ("one typo in Latin", "Sarsenbaev Alibeck"),
]


@pytest.mark.parametrize(("form", "query"), FORMS, ids=[f for f, _ in FORMS])
def test_every_form_of_the_name_finds_the_person_first(client, alibek, form, query):
    results = found(client, query)

    assert results, form
    assert results[0] == "Сәрсенбаев Әлібек Серікұлы", (form, results)


def test_the_result_says_which_spelling_matched_and_why(client, alibek):
    NameVariantFactory(person=alibek, surname="Sarsenbayev", given_name="Alibek")

    html = html_of(client, URL, {"q": "Sarsenbayev Alibek"})

    assert (
        "Matched “Sarsenbayev Alibek”, a Latin spelling of Сәрсенбаев Әлібек Серікұлы."
        in html
    )


def test_a_typo_is_reported_as_close_not_exact(client, alibek):
    html = html_of(client, URL, {"q": "Сарсенбаем Алибек"})

    assert "Close to the recorded name “Сәрсенбаев Әлібек Серікұлы”." in html


def test_a_pseudonymous_person_is_not_found_by_the_real_name(client, editor_client):
    person = PseudonymousPersonFactory(surname="Жұмабекова", given_name="Гүлнұр")
    NameVariantFactory(person=person, surname="Zhumabekova", given_name="Gulnur")

    assert found(client, "Жұмабекова Гүлнұр") == []
    assert found(client, "Zhumabekova Gulnur") == []
    assert "Жұмабекова" not in html_of(client, URL, {"q": "Zhumabekova"})
    assert found(editor_client, "Zhumabekova Gulnur") == ["Жұмабекова Гүлнұр Серікұлы"]


def test_a_staff_only_person_is_found_by_staff_only(client, editor_client):
    StaffPersonFactory(surname="Ерболова", given_name="Айгерім")

    assert found(client, "Erbolova Aigerim") == []
    assert found(editor_client, "Erbolova Aigerim") == ["Ерболова Айгерім Серікұлы"]


def test_what_happened_filter_sees_only_visible_events(client, alibek):
    DeathFactory(person=alibek)
    hidden = PublicPersonFactory(surname="Сәрсенбаев", given_name="Дәурен")
    DeathFactory(person=hidden, visibility=Visibility.STAFF)

    results = found(client, "Сәрсенбаев", happened="killed")

    assert results == ["Сәрсенбаев Әлібек Серікұлы"]


def test_region_and_date_filters_narrow_the_results(client, alibek):
    DetentionFactory(person=alibek, place=place("Taraz"), occurred_on="2022-01-07")
    other = PublicPersonFactory(surname="Сәрсенбаев", given_name="Бауыржан")
    DetentionFactory(person=other, place=place("Aktau"), occurred_on="2022-02-01")
    jambyl = place("Jambyl Region").uuid

    assert found(client, "Сәрсенбаев", region=jambyl) == ["Сәрсенбаев Әлібек Серікұлы"]
    assert found(client, "Сәрсенбаев", date_from="2022-01-20") == [
        "Сәрсенбаев Бауыржан Серікұлы"
    ]


def test_filters_alone_list_people(client, alibek):
    DeathFactory(person=alibek)

    html = html_of(client, URL, {"happened": "killed"})

    assert "Сәрсенбаев Әлібек Серікұлы" in html
    assert "1 person" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "a",
        "!!!",
        "Сәрсенбаев" * 1000,
        "Sarsenбаев",
        "'; DROP TABLE victims_person; --",
    ],
)
def test_odd_queries_get_an_answer_not_an_error(client, alibek, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200


def test_a_bad_filter_value_is_a_message_not_an_error(client, alibek):
    response = client.get(
        URL, {"q": "Сәрсенбаев", "date_from": "yesterday", "region": "x"}
    )

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_search_page_queries_do_not_grow_with_results(client):
    from tests.queries import query_count

    def queries_for(people: int) -> int:
        for n in range(people):
            PublicPersonFactory(
                surname="Сәрсенбаев", given_name=f"Әлібек{'а' * (n % 3)}"
            )
        assert len(found(client, "Сәрсенбаев")) == Person.objects.count()
        return query_count(client, URL, q="Сәрсенбаев")

    few = queries_for(3)
    many = queries_for(27)
    assert many == few <= 12


def test_the_home_page_has_the_search_box(client):
    html = html_of(client, "/kk/")

    assert f'action="{reverse("victims:search")}"'.replace("/en/", "/kk/") in html
    assert 'type="search"' in html


def _findable(query: str, clearance: Visibility) -> list:
    from victims.models import Person

    return [hit.person.pk for hit in Person.objects.search(query, clearance)]


def test_who_may_find_a_name_follows_every_later_change_to_the_person(db):
    """The search level stored on each spelling is kept by database triggers, so
    queryset updates (publishing, retraction) count as much as admin saves."""
    from django.utils import timezone

    from victims.models import Person

    person = StaffPersonFactory(surname="Ерболатов", given_name="Дәурен")
    NameVariantFactory(person=person, surname="Yerbolatov", given_name="Dauren")
    query = "Yerbolatov Dauren"
    assert _findable(query, Visibility.PUBLIC) == []
    assert _findable(query, Visibility.STAFF) == [person.pk]

    Person.objects.filter(pk=person.pk).update(visibility="public")
    assert _findable(query, Visibility.PUBLIC) == []  # the name is still withheld
    Person.objects.filter(pk=person.pk).update(details_visibility="public")
    assert _findable(query, Visibility.PARTNERS) == []  # details are not consent
    Person.objects.filter(pk=person.pk).update(naming="full")
    assert _findable(query, Visibility.PUBLIC) == [person.pk]

    Person.objects.filter(pk=person.pk).update(retracted_at=timezone.now())
    assert _findable(query, Visibility.STAFF) == []


def test_a_hit_holds_the_person_and_spelling_as_the_orm_loads_them(db):
    """Search builds its results from its own SQL row; every field must come back
    as the ORM would load it, the region too (and none when there is none)."""
    from datetime import date

    from django.forms.models import model_to_dict

    from victims.models import NameVariant
    from victims.models import Person

    with_region = PublicPersonFactory(
        surname="Жақсылықов",
        given_name="Нұрлан",
        residence_region=place("Jambyl Region"),
        birth_date="1990-05-01",
        occupation="жүргізуші",
    )
    without_region = PublicPersonFactory(
        surname="Жақсылықов", given_name="Нұрлан", residence_region=None
    )

    hits = Person.objects.search("Жақсылықов Нұрлан", Visibility.STAFF)

    assert {hit.person.pk for hit in hits} == {with_region.pk, without_region.pk}
    for hit in hits:
        stored = Person.objects.get(pk=hit.person.pk)
        assert model_to_dict(hit.person) == model_to_dict(stored)
        assert hit.person.created_at == stored.created_at
        assert hit.person.uuid == stored.uuid
        assert hit.person.residence_region == stored.residence_region
        spelling = NameVariant.objects.get(pk=hit.variant.pk)
        assert model_to_dict(hit.variant) == model_to_dict(spelling)
        assert hit.variant.person is hit.person
    named = next(hit.person for hit in hits if hit.person.pk == with_region.pk)
    assert named.residence_region.name_en == "Jambyl Region"
    assert named.birth_date == date(1990, 5, 1)


def test_a_search_stays_within_the_queryset_it_is_called_on(db):
    from victims.models import Person

    civilian = PublicPersonFactory(surname="Жақсылықов", given_name="Нұрлан")
    officer = PublicPersonFactory(
        surname="Жақсылықов", given_name="Нұрлан", role=Person.Role.LAW_ENFORCEMENT
    )
    hidden = StaffPersonFactory(
        surname="Жақсылықов", given_name="Нұрлан", naming=Person.Naming.FULL
    )
    query = "Жақсылықов Нұрлан"

    def found(people) -> set[int]:
        return {hit.person.pk for hit in people.search(query, Visibility.STAFF)}

    assert found(Person.objects) == {civilian.pk, officer.pk, hidden.pk}
    assert found(Person.objects.visible_at(Visibility.PUBLIC)) == {
        civilian.pk,
        officer.pk,
    }
    assert found(Person.objects.filter(role=Person.Role.CIVILIAN)) - {hidden.pk} == {
        civilian.pk
    }


def test_the_typo_threshold_does_not_outlive_the_search(db):
    """The typo path sets pg_trgm's threshold for its own transaction only."""
    from django.db import connection

    from victims.models import Person

    PublicPersonFactory(surname="Жақсылықов", given_name="Нұрлан")

    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.similarity_threshold")
        before = cursor.fetchone()[0]
        hits = Person.objects.search("Жақсылқов Нұрлан", Visibility.PUBLIC)  # a slip
        cursor.execute("SHOW pg_trgm.similarity_threshold")
        after = cursor.fetchone()[0]
    assert hits and not hits[0].exact
    assert before == after


def test_initials_written_without_dots_find_the_person(client):
    PublicPersonFactory(surname="Жумабаев", given_name="Данияр", patronymic="Иванович")
    PublicPersonFactory(surname="Жумабаев", given_name="Ерлан", patronymic="Асанович")

    for query in ("Жумабаев ДИ", "Жумабаев Д.И.", "Жумабаев ДИ.", "Zhumabaev DI"):
        assert found(client, query)[0] == "Жумабаев Данияр Иванович", query


def test_capitals_in_an_all_capitals_query_stay_words(client):
    PublicPersonFactory(surname="Ли", given_name="Виктор", patronymic="")

    assert found(client, "ЛИ ВИКТОР") == ["Ли Виктор"]


def test_ticked_boxes_of_what_happened_mean_any_of_them(client, alibek):
    DeathFactory(person=alibek)
    detained = PublicPersonFactory(surname="Нұрланов", given_name="Бауыржан")
    DetentionFactory(person=detained)

    html = html_of(client, URL, {"happened": ["killed", "detained"]})

    assert "Сәрсенбаев Әлібек Серікұлы" in html and "Нұрланов Бауыржан" in html
    assert "2 people" in html
    assert "What happened (any of these)" in html


def test_filters_that_match_no_one_say_so_and_offer_to_clear_them(client, alibek):
    html = html_of(client, URL, {"happened": "tortured"})
    assert "No one matches these filters." in html
    assert 'href="/en/search/">Clear the filters' in html

    with_name = html_of(client, URL, {"q": "Сәрсенбаев", "happened": "tortured"})
    assert "No one matches this name with these filters." in with_name
    assert 'href="/en/search/?q=%D0%A1' in with_name  # keeps the typed name


def test_people_with_no_visible_events_have_no_stray_separator(client):
    PublicPersonFactory(
        surname="Нұрланов",
        given_name="Бауыржан",
        residence_region=place("Mangystau Region"),
    )

    html = html_of(client, URL, {"q": "Нұрланов Бауыржан"})

    assert '<div class="muted">Mangystau Region</div>' in html
    assert " · Mangystau Region" not in html


def test_a_date_error_names_the_field_as_the_page_labels_it(client, alibek):
    html = html_of(client, URL, {"q": "Сәрсенбаев", "date_from": "yesterday"})

    assert "Events from: Enter a valid date." in html


@pytest.mark.parametrize(
    "query",
    ["Sarsenbaev Zhqxwyrt", "Қwzxыр Сәрсенбаев", "Сарсенбаев аМадинаы Қщзх"],
)
def test_when_no_one_matches_the_whole_name_the_parts_that_match_are_offered(
    client, alibek, query
):
    """A slip beyond the typo path in one word: never "No one matches" while the
    surname alone finds people; the page says the match is partial."""
    html = html_of(client, URL, {"q": query})

    assert "No one matches the whole name. These people match part of it." in html
    assert "No one in the archive matches this name." not in html
    names = found(client, query)
    assert set(names[:2]) == {"Сәрсенбаев Әлібек Серікұлы", "Сәрсенбаев Ерлан Серікұлы"}
    assert "Matches part of the name:" in html


def test_a_part_match_in_the_api_says_it_is_partial(client, alibek):
    rows = client.get("/api/v1/persons/", {"q": "Sarsenbaev Zhqxwyrt"}).json()
    assert rows["results"]
    assert {row["match"]["partial"] for row in rows["results"]} == {True}
    assert {row["match"]["exact"] for row in rows["results"]} == {False}


def test_a_part_match_never_finds_a_pseudonymous_person_by_the_real_name(client):
    PseudonymousPersonFactory(surname="Жұмабаев", given_name="Серік")

    assert found(client, "Zhumabaev Zhqxwyrt") == []
    assert "No one in the archive matches this name." in html_of(
        client, URL, {"q": "Zhumabaev Zhqxwyrt"}
    )


def test_a_whole_match_is_never_mixed_with_part_matches(client, alibek):
    assert found(client, "Nurlanov Alibek") == ["Нұрланов Әлібек Асқарұлы"]
