"""Criminal cases: a public page for each, hearings and who monitored them, a
person's cases on their page, and Criminal Code articles matched by part."""

import pytest

from archive.visibility import Visibility
from sources.models import Organisation
from tests.archive.test_admin import admin_url
from tests.factories import CriminalCaseFactory
from tests.factories import DetentionFactory
from tests.factories import OrganisationFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import StaffPersonFactory
from tests.queries import html_of
from victims.models import CriminalCase
from victims.models import Defendant
from victims.models import Hearing

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    """A public case: a named protester, a survivor under pseudonym, a staff-only
    defendant, an accused official with his unit, and two monitored hearings."""
    case = CriminalCaseFactory(
        number="INV-2022-0272", articles=["272 part 2", "293"], outcome="convicted"
    )
    named = PublicPersonFactory(surname="Жұмабеков", given_name="Данияр")
    hidden = PseudonymousPersonFactory(surname="Сапарова", given_name="Әсем")
    staff_only = StaffPersonFactory(surname="Құпиянов", given_name="Ерлан")
    official = PublicPersonFactory(surname="Invented-Officer", given_name="Marat")
    unit = OrganisationFactory(
        name="Invented Police Unit 7", kind=Organisation.Kind.UNIT
    )
    for person, role, sentence in (
        (named, Defendant.Role.PROTESTER, "5 years (invented)"),
        (hidden, Defendant.Role.PROTESTER, "3 years (invented)"),
        (staff_only, Defendant.Role.PROTESTER, "invented-staff-sentence"),
    ):
        Defendant.objects.create(
            case=case, person=person, role=role, outcome="convicted", sentence=sentence
        )
    Defendant.objects.create(
        case=case, person=official, role=Defendant.Role.ACCUSED_OFFICIAL, unit=unit
    )
    monitor = OrganisationFactory(name="Invented Trial Monitors")
    Hearing.objects.create(
        case=case, held_on="2022-06-01", what_happened="Invented: verdict postponed"
    )
    Hearing.objects.create(
        case=case,
        held_on="2022-07-15",
        what_happened="Invented: sentence read out",
        monitored_by=monitor,
    )
    return case


def test_the_case_page_shows_what_a_visitor_may_read(client, case):
    html = html_of(client, case.get_absolute_url())

    assert "INV-2022-0272" in html and "272 part 2, 293" in html
    assert "Жұмабеков Данияр" in html and "5 years (invented)" in html
    assert "Сапарова" not in html and "3 years (invented)" in html  # by pseudonym
    assert "Құпиянов" not in html and "invented-staff-sentence" not in html
    assert "Invented-Officer Marat" in html and "(Invented Police Unit 7)" in html
    assert "Invented: verdict postponed" in html
    assert "monitored by Invented Trial Monitors" in html
    assert "Invented notes from the trial monitor." not in html  # staff details


def test_staff_see_every_defendant_and_the_monitoring_notes(editor_client, case):
    html = html_of(editor_client, case.get_absolute_url())

    assert "Құпиянов Ерлан" in html and "Сапарова Әсем" in html
    assert "Invented notes from the trial monitor." in html


def test_a_staff_only_case_is_not_found_by_visitors(client, editor_client):
    hidden = CriminalCaseFactory(visibility=Visibility.STAFF)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert editor_client.get(hidden.get_absolute_url()).status_code == 200


def test_a_person_page_lists_their_cases(client, case):
    person = Defendant.objects.get(sentence="5 years (invented)").person
    hidden = CriminalCaseFactory(number="INV-STAFF-CASE", visibility=Visibility.STAFF)
    Defendant.objects.create(case=hidden, person=person, role="protester")

    html = html_of(client, person.get_absolute_url())

    assert case.get_absolute_url() in html and "INV-2022-0272" in html
    assert "INV-STAFF-CASE" not in html


@pytest.mark.parametrize(
    ("article", "found"),
    [
        ("272", True),
        ("272 part 2", True),
        ("272 Part 2", True),
        ("27", False),
        ("2721", False),
        ("293", True),
        ("272 part 3", False),
    ],
)
def test_an_article_matches_its_parts(client, case, article, found):
    cases = client.get("/api/v1/criminal-cases/", {"article": article}).json()

    assert (str(case.uuid) in str(cases)) is found


def test_a_charge_matches_its_parts_on_detentions(client):
    detention = DetentionFactory(charges=["272 part 2"])

    found = client.get("/api/v1/detentions/", {"charge": "272"}).json()

    assert str(detention.uuid) in str(found)


def test_the_api_gives_hearings_and_the_officials_unit(client, case):
    body = client.get(f"/api/v1/criminal-cases/{case.uuid}/").json()

    assert [h["held_on"] for h in body["hearings"]] == ["2022-06-01", "2022-07-15"]
    unit = Organisation.objects.get(name="Invented Police Unit 7")
    assert str(unit.uuid) in [d["unit"] for d in body["defendants"]]


def test_hearings_are_recorded_on_the_case_page_in_the_admin(editor_client, case):
    page = editor_client.get(admin_url(CriminalCase, "change", case.pk))

    assert page.status_code == 200
    assert "hearings-TOTAL_FORMS" in page.text


def test_case_list_queries_do_not_grow_with_hearings(
    client, case, django_assert_max_num_queries
):
    for day in range(2, 20):
        Hearing.objects.create(case=case, held_on=f"2022-08-{day:02d}")
    CriminalCaseFactory()
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/criminal-cases/").status_code == 200


def test_defendants_are_ordered_by_the_name_shown_not_the_real_surname(client):
    case = CriminalCaseFactory(number="INV-ORDER")
    withheld = PseudonymousPersonFactory(surname="Абаев", given_name="Ерлан")
    withheld.pseudonym = "Жасырын"
    withheld.save()
    named = PublicPersonFactory(surname="Бекұлы", given_name="Данияр")
    for person in (withheld, named):
        Defendant.objects.create(case=case, person=person, role="protester")

    html = html_of(client, case.get_absolute_url())

    assert "Абаев" not in html
    assert html.index("Бекұлы Данияр") < html.index("Жасырын")
