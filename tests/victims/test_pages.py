"""Public pages show each viewer exactly what they may see, and nothing more."""

import pytest

from archive.visibility import Visibility
from tests.factories import AllegationFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import IncidentFactory
from tests.factories import InjuryFactory
from tests.factories import NameVariantFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import StaffPersonFactory
from tests.factories import place
from tests.queries import query_count
from victims import happenings

pytestmark = pytest.mark.django_db


def in_language(language: str, url: str) -> str:
    """The same page under another language prefix: /en/people/... -> /kk/people/..."""
    return f"/{language}/{url.split('/', 2)[2]}"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_public_person_page_shows_facts_and_their_sources(client):
    death = DeathFactory()
    person = death.person

    html = page(client, in_language("en", person.get_absolute_url()))

    assert person.full_name in html
    assert "Gunshot" in html
    assert "Shot near an invented square." in html
    assert html.count("Reported by:") == 2  # the person and the death
    assert death.citations.get().source.title in html


def test_person_page_hides_sensitive_details_from_the_public(client, editor_client):
    person = PublicPersonFactory(birth_date="1990-03-01", occupation="oil worker")
    url = person.get_absolute_url()

    public_html = page(client, url)
    staff_html = page(editor_client, url)

    # The birth date by its label: a bare "1990" may occur in any uuid on the page.
    for detail in ("oil worker", "<dt>Born</dt>", "Zhanaozen"):
        assert detail not in public_html
        assert detail in staff_html
    assert "1990" in staff_html


def test_pseudonymous_person_is_never_named_to_the_public(client):
    person = PseudonymousPersonFactory(pseudonym="Witness A")
    NameVariantFactory(person=person, surname="Sarsenbayev-Unique")
    allegation = AllegationFactory(victim=person)
    death = DeathFactory(person=person, incident=IncidentFactory())

    pages = [
        person.get_absolute_url(),
        allegation.get_absolute_url(),
        death.incident.get_absolute_url(),
        death.place.get_absolute_url(),
        death.citations.get().source.get_absolute_url(),
    ]
    for url in pages:
        html = page(client, url)
        assert person.surname not in html, url
        assert "Sarsenbayev-Unique" not in html, url
    assert "Witness A" in page(client, person.get_absolute_url())


def test_staff_see_the_real_name_of_a_pseudonymous_person(editor_client):
    person = PseudonymousPersonFactory()

    assert person.surname in page(editor_client, person.get_absolute_url())


def test_staff_only_person_is_not_found_by_the_public(client, editor_client):
    person = StaffPersonFactory()

    assert client.get(person.get_absolute_url()).status_code == 404
    assert editor_client.get(person.get_absolute_url()).status_code == 200


def test_partners_level_person_is_not_public(client):
    person = PublicPersonFactory(visibility=Visibility.PARTNERS)

    assert client.get(person.get_absolute_url()).status_code == 404


def test_events_of_a_staff_only_person_stay_hidden(client):
    death = DeathFactory(person=StaffPersonFactory())

    html = page(client, death.place.get_absolute_url())

    assert death.person.surname not in html
    assert "Deaths" not in html


def test_staff_only_event_of_a_public_person_is_hidden(client, editor_client):
    detention = DetentionFactory(
        visibility=Visibility.STAFF, sentence="Invented 5 years"
    )

    assert "Invented 5 years" not in page(client, detention.person.get_absolute_url())
    assert "Invented 5 years" in page(
        editor_client, detention.person.get_absolute_url()
    )


def test_retracted_person_is_gone_for_everyone(client, editor_client):
    person = PublicPersonFactory()
    type(person).objects.filter(pk=person.pk).update(
        retracted_at="2024-01-01T00:00:00Z", retraction_reason="duplicate"
    )

    assert client.get(person.get_absolute_url()).status_code == 404
    assert editor_client.get(person.get_absolute_url()).status_code == 404


def test_testimony_is_staff_only_by_default(client, editor_client):
    allegation = AllegationFactory()

    assert "An invented testimony" not in page(client, allegation.get_absolute_url())
    assert "Beating" in page(client, allegation.get_absolute_url())
    assert "An invented testimony" in page(editor_client, allegation.get_absolute_url())


def test_testimony_made_public_is_shown(client):
    allegation = AllegationFactory(details_visibility=Visibility.PUBLIC)

    assert "An invented testimony" in page(client, allegation.get_absolute_url())


def test_uncited_source_for_staff_is_not_shown_as_evidence(client):
    from tests.factories import StaffSourceFactory
    from tests.factories import cite

    death = DeathFactory()
    cite(death, StaffSourceFactory(title="Confidential testimony X"))

    html = page(client, death.person.get_absolute_url())

    assert "Confidential testimony X" not in html


def test_incident_page_lists_its_public_deaths_and_injuries(client):
    incident = IncidentFactory()
    death = DeathFactory(incident=incident)
    injury = InjuryFactory(incident=incident)
    hidden = DeathFactory(incident=incident, visibility=Visibility.STAFF)

    html = page(client, incident.get_absolute_url())

    assert death.person.full_name in html
    assert injury.person.full_name in html
    assert hidden.person.full_name not in html


def test_place_page_lists_public_records_there(client):
    almaty = place("Almaty")
    death = DeathFactory(place=almaty)
    detention = DetentionFactory(facility=None, place=almaty)

    html = page(client, almaty.get_absolute_url())

    assert death.person.full_name in html
    assert detention.person.full_name in html


def test_region_pages_exist_in_three_languages(client):
    mangystau = place("Mangystau Region")

    url = mangystau.get_absolute_url()

    assert "Маңғыстау облысы" in page(client, in_language("kk", url))
    assert "Мангистауская область" in page(client, in_language("ru", url))
    assert "Zhanaozen" in page(client, in_language("en", url))


def test_unknown_ids_are_404_not_500(client):
    missing = "/en/people/00000000-0000-0000-0000-000000000000/"

    assert client.get(missing).status_code == 404
    assert client.get("/en/people/not-a-uuid/").status_code == 404


def test_person_and_place_page_queries_do_not_grow_with_their_records(client):
    almaty = place("Almaty")
    person = PublicPersonFactory()
    DeathFactory(person=person, place=almaty)
    IncidentFactory(place=almaty)
    pages = [person.get_absolute_url(), almaty.get_absolute_url()]

    def add(count: int) -> None:
        """More events of the person, and of others, all in Almaty."""
        for _ in range(count):
            DetentionFactory(person=person, place=almaty)
            InjuryFactory(person=person, place=almaty)
            AllegationFactory(victim=person)
            DeathFactory(place=almaty)

    add(1)
    few = [query_count(client, url) for url in pages]
    add(5)
    many = [query_count(client, url) for url in pages]

    assert many == few
    assert max(few) <= 8 + len(happenings.kinds())
