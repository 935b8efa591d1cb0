"""The partner API's behaviour: paging and sync, search, filters, exports, errors,
the published schema, and tokens issued in the staff workspace."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.models import PartnerToken
from tests.factories import AllegationFactory
from tests.factories import CriminalCaseFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import FigureFactory
from tests.factories import IncidentFactory
from tests.factories import InjuryFactory
from tests.factories import NameVariantFactory
from tests.factories import OrganisationFactory
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.factories import cite
from tests.factories import defendant
from tests.factories import partner_token
from tests.factories import sign_in
from tests.queries import exported_csv_rows
from victims import happenings
from victims.models import Person

LIST_ENDPOINTS = [
    "persons",
    "deaths",
    "detentions",
    "injuries",
    "allegations",
    "incidents",
    "criminal-cases",
    "places",
    "organisations",
    "sources",
    "citations",
    "figures",
]


@pytest.fixture
def many(db):
    """A dozen records of every kind, each with relations to prefetch."""
    for _ in range(12):
        death = DeathFactory(incident=IncidentFactory())
        NameVariantFactory(person=death.person)
        DetentionFactory(person=death.person, criminal_case=CriminalCaseFactory())
        InjuryFactory(person=death.person)
        allegation = AllegationFactory(victim=death.person)
        defendant(allegation.criminal_case or CriminalCaseFactory(), death.person)
        FigureFactory()


def _queries(client, path: str, page_size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    return len(queries)


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_list_queries_do_not_grow_with_the_page_size(
    many, endpoint, django_assert_max_num_queries
):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {partner_token('read:partners')}")
    path = f"/api/v1/{endpoint}/"
    client.get(path)  # the token's first use of the minute is written down
    small = _queries(client, path, 2)
    # A person's row reads one query for each kind of what happened.
    with django_assert_max_num_queries(8 + len(happenings.kinds())):
        large = _queries(client, path, 10)
    assert large == small


def _export_queries(client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        rows = json.loads(b"".join(response.streaming_content))
    return len(rows), len(queries)


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_export_queries_do_not_grow_with_the_rows(many, endpoint):
    """An export reads what its rows refer to a batch at a time, never per row."""
    client = Client(HTTP_AUTHORIZATION=f"Bearer {partner_token('read:partners')}")
    path = f"/api/v1/{endpoint}/export.json"
    client.get(path)  # the token's first use of the minute is written down
    rows, queries = _export_queries(client, path)
    assert rows >= 12
    assert queries <= 8 + len(happenings.kinds())  # people: one for each kind


def test_search_queries_are_bounded(many, django_assert_max_num_queries):
    with django_assert_max_num_queries(12 + len(happenings.kinds())):
        response = Client().get("/api/v1/persons/", {"q": "Sarsenbayev Alibek"})
    assert response.status_code == 200


def test_a_partner_syncs_changes_page_by_page_with_updated_since(db):
    people = [PublicPersonFactory() for _ in range(5)]
    client = Client()
    seen, url = [], "/api/v1/persons/?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == [str(person.uuid) for person in people]  # oldest change first

    since = timezone.now()
    changed = people[1]
    changed.occupation = "invented"
    changed.save()
    later = client.get("/api/v1/persons/", {"updated_since": since.isoformat()})
    assert [row["id"] for row in later.json()["results"]] == [str(changed.uuid)]
    future = (since + timedelta(days=1)).isoformat()
    assert client.get("/api/v1/persons/", {"updated_since": future}).json() == {
        "next": None,
        "previous": None,
        "results": [],
    }


def test_name_search_uses_the_sites_ranking_and_says_what_matched(db):
    person = PublicPersonFactory(surname="Тоқаев", given_name="Ерлан")
    PublicPersonFactory(surname="Тоқаева", given_name="Айгерім")
    response = Client().get("/api/v1/persons/", {"q": "Toqaev Erlan"})
    results = response.json()["results"]
    assert results[0]["id"] == str(person.uuid)
    assert results[0]["match"]["spelling"] == "Тоқаев Ерлан Серікұлы"
    assert results[0]["match"]["exact"] is True
    assert response.json()["next"] is None


def test_name_search_combines_with_filters(db):
    killed = DeathFactory(person__surname="Ерболов").person
    PublicPersonFactory(surname="Ерболов")
    response = Client().get("/api/v1/persons/", {"q": "Erbolov", "happened": "killed"})
    assert [row["id"] for row in response.json()["results"]] == [str(killed.uuid)]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"q": "."}, "q"),
        ({"q": "x" * 301}, "q"),
        ({"region": "not-a-uuid"}, "region"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"happened": "vanished"}, "happened"),
        ({"date_from": "2022-13-45"}, "date_from"),
        ({"page_size": "many", "role": "king"}, "role"),
    ],
)
def test_bad_parameters_get_a_400_naming_the_field(db, query, field):
    response = Client().get("/api/v1/persons/", query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/persons/?cursor=garbage",
        "/api/v1/persons/00000000-0000-0000-0000-000000000000/",
        "/api/v1/persons/42/",
        "/api/v1/nothing-here/",
        "/api/v1/deaths/%07P%0A%F0%A3%A2%89/",  # a line break, found by fuzzing
    ],
)
def test_what_is_not_there_is_a_json_404(db, path):
    response = Client().get(path)
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_filters_on_what_happened_to_people(db):
    almaty_death = DeathFactory()
    DeathFactory(place=None, cause="unknown")
    detention = DetentionFactory(charges=["272", "293 part 2"], outcome="convicted")
    DetentionFactory()
    tortured = AllegationFactory(methods=["electric_shock"])
    AllegationFactory(methods=["beating"])
    client = Client()

    def ids(endpoint, **query):
        response = client.get(f"/api/v1/{endpoint}/", query)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    almaty = almaty_death.place
    assert ids("deaths", place=str(almaty.uuid)) == [str(almaty_death.uuid)]
    assert ids("deaths", cause="gunshot") == [str(almaty_death.uuid)]
    assert ids("detentions", charge="293 part 2") == [str(detention.uuid)]
    assert ids("detentions", outcome="convicted") == [str(detention.uuid)]
    assert ids("allegations", method="electric_shock") == [str(tortured.uuid)]
    person = str(detention.person.uuid)
    assert ids("detentions", person=person) == [str(detention.uuid)]


def test_exports_stream_everything_the_caller_may_read(db):
    people = [PublicPersonFactory() for _ in range(3)]
    PublicPersonFactory(visibility="staff")
    client = Client()
    listed = client.get("/api/v1/persons/").json()["results"]

    exported = client.get("/api/v1/persons/export.json")
    assert exported.streaming
    assert exported["Content-Disposition"].endswith('qantar-persons.json"')
    rows = json.loads(b"".join(exported.streaming_content))
    assert {row["id"] for row in rows} == {str(person.uuid) for person in people}
    assert sorted(rows, key=lambda row: row["id"]) == sorted(
        listed, key=lambda row: row["id"]
    )

    exported = client.get("/api/v1/persons/export.csv", HTTP_ACCEPT="text/csv")
    assert exported["Content-Type"].startswith("text/csv")
    table = exported_csv_rows(exported)
    assert {row["id"] for row in table} == {str(person.uuid) for person in people}
    assert json.loads(table[0]["citations"])[0]["locator"] == "p. 1"


def test_exports_follow_the_list_filters(db):
    convicted = DetentionFactory(outcome="convicted")
    DetentionFactory(outcome="released")
    response = Client().get("/api/v1/detentions/export.json", {"outcome": "convicted"})
    rows = json.loads(b"".join(response.streaming_content))
    assert [row["id"] for row in rows] == [str(convicted.uuid)]


def test_an_export_with_a_name_holds_whom_the_search_finds(db):
    """Not every person: `?q=` was silently ignored by the exports, and a partner
    asking for one name got the whole archive."""
    found = PublicPersonFactory(surname="Жұмабеков", given_name="Қайрат", naming="full")
    PublicPersonFactory(surname="Сейітов", given_name="Марат", naming="full")

    response = Client().get("/api/v1/persons/export.json", {"q": "Zhumabekov"})

    rows = json.loads(b"".join(response.streaming_content))
    assert [row["id"] for row in rows] == [str(found.uuid)]
    assert rows[0]["match"]["spelling"]
    bad = Client().get("/api/v1/persons/export.csv", {"q": "x" * 500})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/criminal-cases/?charge=272",  # the filter is `article`
        "/api/v1/persons/?regoin=x",
        "/api/v1/detentions/export.csv?outcom=convicted",
        "/api/v1/releases/?numbr=1",
        "/api/v1/statistics/?region=almaty",
    ],
)
def test_an_unknown_parameter_is_a_400_naming_it_not_ignored(db, path):
    response = Client().get(path)

    assert response.status_code == 400
    [(name, [message])] = [
        (key, value) for key, value in response.json().items() if key != "status"
    ]
    assert name in path and "Unknown parameter" in message


def test_known_parameters_and_paging_still_pass(db):
    client = Client()
    for path in [
        "/api/v1/detentions/?charge=272&outcome=convicted",
        "/api/v1/persons/?page_size=5&format=json",
        "/api/v1/deaths/?date_from=2022-01-04&date_to=2022-01-11",
        "/api/v1/releases/?page_size=5",
        "/api/v1/statistics/?format=json",
    ]:
        assert client.get(path).status_code == 200, path


def test_the_schema_and_its_docs_are_published(db):
    client = Client()
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for endpoint in LIST_ENDPOINTS:
        assert f"/api/v1/{endpoint}/" in paths
        assert paths[f"/api/v1/{endpoint}/"]["get"]["description"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content  # served by the archive itself


def test_an_administrator_issues_a_token_and_sees_its_secret_once(
    administrator_client,
):
    partner = OrganisationFactory(name="Invented Data Desk")
    response = administrator_client.post(
        "/en/admin/archive/partnertoken/add/",
        {"organisation": partner.pk, "name": "nightly", "scopes": ["read:public"]},
    )
    assert response.status_code == 200
    secret = re.search(rb'value="(qa_[^"]+)"', response.content).group(1).decode()
    token = PartnerToken.objects.get()
    assert token.created_by == administrator_client.user
    assert secret not in token.secret_hash
    page = administrator_client.get(
        f"/en/admin/archive/partnertoken/{token.pk}/change/"
    )
    assert secret.encode() not in page.content
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/places/").status_code == 200

    administrator_client.post(
        "/en/admin/archive/partnertoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert api.get("/api/v1/places/").status_code == 401


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_only_administrators_manage_tokens(db, role):
    client = Client()
    sign_in(client, UserFactory(role=role))
    for path in ("", "add/"):
        response = client.get(f"/en/admin/archive/partnertoken/{path}")
        assert response.status_code == 403
    anonymous = Client().get("/en/admin/archive/partnertoken/")
    assert anonymous.status_code == 302


def test_staff_see_sensitive_details_through_their_session(editor_client):
    allegation = AllegationFactory()
    cite(allegation.victim)
    data = editor_client.get(f"/api/v1/allegations/{allegation.uuid}/").json()
    assert data["testimony"] == allegation.testimony
    public = Client().get(f"/api/v1/allegations/{allegation.uuid}/").json()
    assert "testimony" not in public
    assert Person.objects.count() == 1


@pytest.mark.parametrize("suffix", ["json", "csv", "api"])
def test_an_export_with_a_format_suffix_is_no_resource(db, suffix):
    for export in ("export.csv", "export.json"):
        response = Client().get(f"/api/v1/persons/{export}.{suffix}")
        assert response.status_code == 404


def test_a_search_error_speaks_the_callers_language(db):
    response = Client().get("/api/v1/persons/", {"q": "."}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["q"] == ["Введите хотя бы две буквы имени."]


def test_a_sync_of_records_changed_at_one_moment_gets_each_exactly_once(db):
    """A moderator's publish action gives every selected record one updated_at; the
    sync must still reach each of them once, past DRF's 1,000-row offset cap."""
    from sources.models import Figure

    claimant = FigureFactory().claimant
    Figure.objects.bulk_create(
        Figure(metric=Figure.Metric.ARRESTED, value=n, claimant=claimant,
               as_of="2022-03-01", visibility="public")
        for n in range(5000)
    )  # fmt: skip
    Figure.objects.update(updated_at=timezone.now())
    client = Client()
    seen, url, pages = [], "/api/v1/figures/?page_size=500", 0
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1
        assert pages <= 12, "the sync does not end"
    assert len(seen) == len(set(seen)) == Figure.objects.count() == 5001


def test_previous_goes_back_a_page(db):
    people = [PublicPersonFactory() for _ in range(5)]
    client = Client()
    first = client.get("/api/v1/persons/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [row["id"] for row in back["results"]] == [str(p.uuid) for p in people[:2]]
    assert first["previous"] is None
