"""The eight leaks an audit found (issue #11), each reproduced as it was reported.

Each test failed on the code before the fix. The matrix test (test_privacy_matrix)
holds the whole rule; these pin the paths by which the leaks were made.
"""

import pytest
from django.test import Client
from django.urls import reverse

from archive.visibility import Visibility
from sources.actions import publish_records
from submissions.actions import moderation
from submissions.models import Submission
from tests.factories import AllegationFactory
from tests.factories import CriminalCaseFactory
from tests.factories import NameVariantFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import PublicSourceFactory
from tests.factories import StaffPersonFactory
from tests.factories import StaffSourceFactory
from tests.factories import UserFactory
from tests.factories import cite
from tests.factories import defendant
from tests.factories import partner_token
from tests.factories import place
from tests.forms import CITATIONS
from tests.forms import keeping_citations
from tests.forms import person_change_data
from victims.models import NameVariant
from victims.models import Person

pytestmark = pytest.mark.django_db

MAY_NOT_WIDEN = "Only moderators may widen who sees this"


def person_url(person) -> str:
    return reverse("admin:victims_person_change", args=[person.pk])


def edit_person(client, person, **changes):
    """`client` saves the person's admin page with `changes`, citations kept."""
    data = keeping_citations(person_change_data(client, person_url(person)), person)
    data.update(changes)
    return client.post(person_url(person), data)


def api_person(person, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(f"/api/v1/persons/{person.uuid}/", **headers)


def found_by(query: str, clearance: Visibility) -> list[int]:
    return [hit.person.pk for hit in Person.objects.search(query, clearance)]


# 1. Editors publish a survivor's real name and details without a moderator.


def test_an_editor_cannot_widen_a_survivors_details(editor_client):
    person = PseudonymousPersonFactory(
        surname="Қасымбеков", birth_date="1990-03-02", occupation="welder"
    )
    AllegationFactory(victim=person)
    response = edit_person(
        editor_client, person, details_visibility="public", consent_note=""
    )

    assert response.status_code == 200
    assert MAY_NOT_WIDEN in response.text
    person.refresh_from_db()
    assert person.details_visibility == Visibility.STAFF
    body = api_person(person).json()
    assert "surname" not in body and "birth_date" not in body
    assert "occupation" not in body
    assert "Қасымбеков" not in Client().get(person.get_absolute_url()).text
    assert found_by("Қасымбеков", Visibility.PUBLIC) == []


def test_an_editor_cannot_make_testimony_public(editor_client):
    allegation = AllegationFactory(testimony="a marker testimony")
    url = reverse("admin:allegations_tortureallegation_change", args=[allegation.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, dict)
    }
    data = keeping_citations(data, allegation)
    data.update(details_visibility="public", victim=allegation.victim_id)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert MAY_NOT_WIDEN in response.text
    allegation.refresh_from_db()
    assert allegation.details_visibility == Visibility.STAFF
    body = Client().get(f"/api/v1/allegations/{allegation.uuid}/").json()
    assert "testimony" not in body


def test_a_moderator_may_widen_and_an_editor_may_narrow(
    editor_client, moderator_client
):
    person = PseudonymousPersonFactory()
    widened = edit_person(moderator_client, person, details_visibility="public")
    assert widened.status_code == 302

    narrowed = edit_person(editor_client, person, details_visibility="partners")
    assert narrowed.status_code == 302
    person.refresh_from_db()
    assert person.details_visibility == Visibility.PARTNERS


def test_an_editor_cannot_give_a_fuller_name(editor_client):
    person = PseudonymousPersonFactory(naming=Person.Naming.INITIALS)
    response = edit_person(
        editor_client, person, naming="full", consent_note="the family agreed"
    )

    assert response.status_code == 200
    assert MAY_NOT_WIDEN in response.text
    assert Person.objects.get(pk=person.pk).naming == Person.Naming.INITIALS


# 2. Initials or pseudonym naming was overridden by the detail level.


@pytest.mark.parametrize("naming", [Person.Naming.INITIALS, Person.Naming.PSEUDONYM])
def test_a_withheld_name_stays_withheld_whatever_the_details_level(naming):
    person = PseudonymousPersonFactory(
        surname="Жұмабаев", given_name="Дархан", naming=naming
    )
    Person.objects.filter(pk=person.pk).update(details_visibility="public")
    partners = partner_token("read:public", "read:partners")

    for token in (None, partners):
        body = api_person(person, token).json()
        assert "surname" not in body and "name_variants" not in body
        assert "Жұмабаев" not in body["name"]
    page = Client().get(person.get_absolute_url())
    assert page.status_code == 200
    assert "Жұмабаев" not in page.text
    assert found_by("Жұмабаев Дархан", Visibility.PUBLIC) == []
    assert found_by("Жұмабаев Дархан", Visibility.PARTNERS) == []
    assert found_by("Жұмабаев Дархан", Visibility.STAFF) == [person.pk]


# 3. Editors shared staff-only or uncited records with partners.


def share_with_partners(client, source):
    """A staff-only person citing `source`, and `client` setting it to partners."""
    person = StaffPersonFactory()
    cite(person, source)
    return person, edit_person(client, person, visibility="partners")


def test_an_editor_cannot_share_a_record_with_partners(editor_client):
    person, response = share_with_partners(editor_client, PublicSourceFactory())

    assert response.status_code == 200
    assert MAY_NOT_WIDEN in response.text
    assert Person.objects.get(pk=person.pk).visibility == Visibility.STAFF
    token = partner_token("read:public", "read:partners")
    assert api_person(person, token).status_code == 404


def test_sharing_with_partners_needs_a_citation_they_may_read(moderator_client):
    person, response = share_with_partners(moderator_client, StaffSourceFactory())

    assert response.status_code == 200
    assert "needs at least one citation of a source they may read" in response.text
    assert Person.objects.get(pk=person.pk).visibility == Visibility.STAFF


# 4. A staff-only source leaked through a name spelling.


def test_a_spelling_from_a_submission_stays_with_staff(db, fresh_rate_limits):
    person = PublicPersonFactory(surname="Сейітов", given_name="Бауыржан")
    Client().post(  # a family sends the person anew; a moderator merges it
        "/en/submit/",
        {
            "kind": "new_person",
            "surname": "Seitqali",
            "given_name": "Bauka",
            "happened": ["detained"],
            "account": "An invented account.",
            "naming": "full",
            "website": "",
        },
    )
    submission = Submission.objects.get()
    moderation.merge_into_person(
        submission,
        person=person,
        moderator=UserFactory(role="moderator"),
        facts={"name"},
    )
    variant = NameVariant.objects.get(person=person, surname="Seitqali")
    assert variant.source.visibility == Visibility.STAFF

    body = api_person(person).json()
    assert [v["surname"] for v in body["name_variants"]] == ["Сейітов"]
    page = Client().get(person.get_absolute_url())
    assert "Seitqali" not in page.text
    assert "as given in a submission" not in page.text
    assert found_by("Seitqali Bauka", Visibility.PUBLIC) == []
    assert found_by("Seitqali Bauka", Visibility.STAFF) == [person.pk]


def test_a_spelling_follows_its_source_when_the_source_changes(db):
    person = PublicPersonFactory(surname="Әбдіров", given_name="Нұрлан")
    source = StaffSourceFactory()
    NameVariantFactory(person=person, surname="Abdi", given_name="Nurik", source=source)
    assert found_by("Abdi Nurik", Visibility.PUBLIC) == []

    type(source).objects.filter(pk=source.pk).update(visibility="public")

    assert found_by("Abdi Nurik", Visibility.PUBLIC) == [person.pk]


def test_a_staff_only_source_is_no_evidence_for_publishing(db):
    person = StaffPersonFactory(naming=Person.Naming.FULL)
    cite(person, StaffSourceFactory())

    report = publish_records(Person.objects.filter(pk=person.pk))

    assert report.published == 0
    assert Person.objects.get(pk=person.pk).visibility == Visibility.STAFF


# 5. Sort order revealed withheld surnames.


def test_lists_are_sorted_by_the_name_shown():
    region = "Mangystau Region"
    bekova, zharov = (
        PublicPersonFactory(surname=surname, given_name="Ерлан")
        for surname in ("Бекова", "Жаров")
    )
    # By the real surname the pseudonym would sit between Бекова and Жаров.
    hidden = PseudonymousPersonFactory(surname="Вахитов", pseudonym="Ақжол")

    page = Client().get("/en/search/", {"region": str(place(region).uuid)})

    assert page.status_code == 200
    shown = [person.pk for person in page.context["page"]]
    assert shown == [hidden.pk, bekova.pk, zharov.pk]


# 6. The public age revealed a withheld birth year.


def test_the_age_follows_the_details_level():
    person = PublicPersonFactory(age_at_events=31, birth_date="1990-01-01")

    body = api_person(person).json()
    assert "age_at_events" not in body
    page = Client().get(person.get_absolute_url())
    assert "Age in January 2022" not in page.text
    staff = Client()
    staff.force_login(UserFactory(role="editor"))
    assert "Age in January 2022" in staff.get(person.get_absolute_url()).text


# 7. Editors hard-deleted name variants, citations and defendants.


def _removing_rows(client, person, variant, citation) -> dict:
    data = person_change_data(client, person_url(person))
    data.update(
        {
            "name_variants-TOTAL_FORMS": "1",
            "name_variants-INITIAL_FORMS": "1",
            "name_variants-0-id": str(variant.pk),
            "name_variants-0-person": str(person.pk),
            "name_variants-0-surname": variant.surname,
            "name_variants-0-given_name": variant.given_name,
            "name_variants-0-script": variant.script,
            "name_variants-0-DELETE": "on",
            f"{CITATIONS}-TOTAL_FORMS": "2",
            f"{CITATIONS}-INITIAL_FORMS": "2",
        }
    )
    for index, each in enumerate(person.citations.order_by("pk")):
        data[f"{CITATIONS}-{index}-id"] = str(each.pk)
        data[f"{CITATIONS}-{index}-source"] = str(each.source_id)
        if each == citation:
            data[f"{CITATIONS}-{index}-DELETE"] = "on"
    return data


def test_an_editor_cannot_delete_spellings_or_citations(editor_client):
    person = PublicPersonFactory()
    variant = NameVariantFactory(person=person)
    citation = cite(person, PublicSourceFactory())

    editor_client.post(
        person_url(person), _removing_rows(editor_client, person, variant, citation)
    )

    assert NameVariant.objects.filter(pk=variant.pk).exists()
    assert person.citations.filter(pk=citation.pk).exists()


def test_a_moderator_removes_rows_only_with_a_reason_kept_in_history(
    moderator_client,
):
    from pghistory.models import Events

    person = PublicPersonFactory()
    variant = NameVariantFactory(person=person)
    citation = cite(person, PublicSourceFactory())
    data = _removing_rows(moderator_client, person, variant, citation)

    response = moderator_client.post(person_url(person), data)
    assert response.status_code == 200
    assert "Give the reason for this change" in response.text
    assert NameVariant.objects.filter(pk=variant.pk).exists()

    data["change_reason"] = "spelling entered by mistake"
    assert moderator_client.post(person_url(person), data).status_code == 302
    assert not NameVariant.objects.filter(pk=variant.pk).exists()
    kept = NameVariant.including_removed.get(pk=variant.pk)  # marked, not deleted
    assert kept.removal_reason == "spelling entered by mistake"
    assert kept.removed_by == moderator_client.user
    removed = Events.objects.filter(
        pgh_model="victims.NameVariantEvent", pgh_obj_id=variant.pk, pgh_label="update"
    ).latest("pgh_created_at")
    assert removed.pgh_context["reason"] == "spelling entered by mistake"


def _removing_defendant(client, case, accused) -> dict:
    url = reverse("admin:victims_criminalcase_change", args=[case.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    data = keeping_citations(data, case)
    data.update(
        {
            "articles": "272",
            "defendant_rows-TOTAL_FORMS": "1",
            "defendant_rows-INITIAL_FORMS": "1",
            "defendant_rows-0-id": str(accused.pk),
            "defendant_rows-0-case": str(case.pk),
            "defendant_rows-0-person": str(accused.person_id),
            "defendant_rows-0-role": accused.role,
            "defendant_rows-0-outcome": accused.outcome,
            "defendant_rows-0-articles": "272",
            "defendant_rows-0-DELETE": "on",
            "hearings-TOTAL_FORMS": "0",
            "hearings-INITIAL_FORMS": "0",
            "change_reason": "entered on the wrong case",
        }
    )
    return data


def test_only_a_moderator_removes_a_defendant(editor_client, moderator_client):
    case = CriminalCaseFactory()
    accused = defendant(case, PublicPersonFactory())
    url = reverse("admin:victims_criminalcase_change", args=[case.pk])

    editor_client.post(url, _removing_defendant(editor_client, case, accused))
    assert type(accused).objects.filter(pk=accused.pk).exists()

    response = moderator_client.post(
        url, _removing_defendant(moderator_client, case, accused)
    )
    assert response.status_code == 302
    assert not type(accused).objects.filter(pk=accused.pk).exists()


# 8. Editors could list partner-token history events.


def test_token_history_is_for_administrators(editor_client, administrator_client):
    partner_token("read:public")
    history = "/en/admin/archive/historyevent/"

    def token_events(client, **query) -> int:
        page = client.get(history, query)
        assert page.status_code == 200
        events = page.context["cl"].queryset
        return events.filter(pgh_model="archive.PartnerTokenEvent").count()

    assert token_events(administrator_client) == 1
    assert token_events(editor_client) == 0
    assert token_events(editor_client, model="archive.PartnerToken") == 0
