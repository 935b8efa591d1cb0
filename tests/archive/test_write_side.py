"""The write-side rule (archive.widening) on the paths an audit used (issue #28):
a whole page posted back with a torture allegation, a spelling's source, a death
moved to another person, a list decision and a spreadsheet row; and what a citation
may say of a person who is not named. Each test failed on the code before the rule.
"""

import pytest
from django.test import Client
from django.urls import reverse

from archive.visibility import Visibility
from archive.widening import WideningRefused
from sources.models import Citation
from tests.factories import AllegationFactory
from tests.factories import DeathFactory
from tests.factories import NameVariantFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import PublicSourceFactory
from tests.factories import StaffPersonFactory
from tests.factories import StaffSourceFactory
from tests.factories import UserFactory
from tests.factories import VictimListFactory
from tests.factories import cite
from tests.factories import partner_token
from tests.forms import page_data
from victims.actions.list_decisions import decide
from victims.models import Death
from victims.models import EntryVerdict
from victims.models import NameVariant
from victims.models import Person

pytestmark = pytest.mark.django_db

REFUSED = "Only moderators may widen who sees this"


def change_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def post_back(client, record, **changes):
    """`client` saves the record's admin page as it shows it, with `changes`."""
    url = change_url(record)
    data = page_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def found_publicly(query: str) -> list[int]:
    return [hit.person.pk for hit in Person.objects.search(query, Visibility.PUBLIC)]


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_a_survivors_page_saves_with_the_allegation_on_it(role, request):
    """Item 1: the allegation's inline form was given no user: a 500 for all."""
    allegation = AllegationFactory()
    person = allegation.victim
    client = request.getfixturevalue(f"{role}_client")

    response = post_back(
        client, person, visibility="partners", change_reason="the family asked"
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.visibility == Visibility.PARTNERS


def test_an_editor_cannot_make_a_staff_spelling_public_by_its_source(editor_client):
    """Item 2: a spelling seen in a staff source, re-pointed at a public one."""
    person = PublicPersonFactory()
    spelling = NameVariantFactory(
        person=person, surname="Zharkynbekov", source=StaffSourceFactory()
    )
    data = page_data(editor_client.get(change_url(person)))
    row = next(
        key[: -len("-id")]
        for key, value in data.items()
        if key.startswith("name_variants-")
        and key.endswith("-id")
        and value == str(spelling.pk)
    )
    data[f"{row}-source"] = str(PublicSourceFactory().pk)

    response = editor_client.post(change_url(person), data)

    assert response.status_code == 200
    assert REFUSED in response.text
    assert "Zharkynbekov" in response.text  # what would have become readable
    assert found_publicly("Zharkynbekov") == []
    body = Client().get(f"/api/v1/persons/{person.uuid}/").json()
    assert "Zharkynbekov" not in str(body)


def test_a_moderator_may_make_a_spelling_public(moderator_client):
    person = PublicPersonFactory()
    spelling = NameVariantFactory(
        person=person, surname="Zharkynbekov", source=StaffSourceFactory()
    )
    source = PublicSourceFactory()
    data = page_data(moderator_client.get(change_url(person)))
    row = next(
        key[: -len("-id")]
        for key, value in data.items()
        if key.endswith("-id") and value == str(spelling.pk)
    )
    data[f"{row}-source"] = str(source.pk)

    assert moderator_client.post(change_url(person), data).status_code == 302
    assert found_publicly("Zharkynbekov") == [person.pk]


def test_an_editor_cannot_move_a_hidden_death_onto_a_public_person(editor_client):
    """Item 3: a staff-only person's death re-pointed at a public person."""
    hidden = StaffPersonFactory()
    death = DeathFactory(person=hidden, circumstances="a hidden account")
    public = PublicPersonFactory()

    response = post_back(editor_client, death, person=str(public.pk))

    assert response.status_code == 200
    assert REFUSED in response.text
    assert Death.objects.get(pk=death.pk).person == hidden
    assert "a hidden account" not in Client().get(public.get_absolute_url()).text
    assert Client().get(f"/api/v1/deaths/{death.uuid}/").status_code == 404


def test_an_editor_may_still_correct_what_the_public_reads(editor_client):
    """Editing what an audience already reads is not widening."""
    death = DeathFactory(circumstances="Shot near the square.")

    response = post_back(editor_client, death, circumstances="Shot on the square.")

    assert response.status_code == 302
    assert Death.objects.get(pk=death.pk).circumstances == "Shot on the square."


def test_an_editors_list_decision_may_not_publish_a_spelling(db):
    """A link adds the list's spelling at the list's level: a moderator's call."""
    person = PublicPersonFactory(surname="Ахметов")
    victim_list = VictimListFactory()
    entry = victim_list.entries.create(
        row_number=22,
        columns=[["Name", "Akhmetov Yerlan"]],
        name_as_written="Akhmetov Yerlan",
        surname="Akhmetov",
        given_name="Yerlan",
    )

    with pytest.raises(WideningRefused, match=REFUSED):
        decide(entry, EntryVerdict.LINK, person=person, by=UserFactory(role="editor"))
    assert not NameVariant.objects.filter(surname="Akhmetov").exists()

    decide(entry, EntryVerdict.LINK, person=person, by=UserFactory(role="moderator"))
    assert found_publicly("Akhmetov Yerlan") == [person.pk]


# Item 4: a citation locates a person who is not named.


def test_a_pseudonymous_persons_citations_are_counted_not_named(db):
    person = PseudonymousPersonFactory()
    victim_list = VictimListFactory(title="An invented list of the dead")
    cite(person, victim_list, locator="#22")
    token = partner_token("read:public", "read:partners")

    page = Client().get(person.get_absolute_url()).text
    body = Client().get(f"/api/v1/persons/{person.uuid}/").json()
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    citations = partner.get("/api/v1/citations/").json()["results"]
    source_page = Client().get(victim_list.get_absolute_url()).text

    assert "#22" not in page and "An invented list of the dead" not in page
    assert "Sourced: 2 sources" in page
    assert body["citations"] == []
    assert str(person.uuid) not in str(citations)
    assert str(person.uuid) not in source_page
    assert "about people who are not named" in source_page or (
        "about a person who is not named" in source_page
    )


def test_a_named_persons_citations_are_shown_with_the_row(db):
    person = PublicPersonFactory()
    victim_list = VictimListFactory(title="An invented list of the dead")
    cite(person, victim_list, locator="#22")

    page = Client().get(person.get_absolute_url()).text
    body = Client().get(f"/api/v1/persons/{person.uuid}/").json()

    assert "An invented list of the dead" in page and "#22" in page
    assert {"source": str(victim_list.uuid), "locator": "#22", "note": ""} in body[
        "citations"
    ]


def test_staff_read_every_citation(editor_client):
    person = PseudonymousPersonFactory()
    cite(person, VictimListFactory(), locator="#22")

    assert "#22" in editor_client.get(person.get_absolute_url()).text
    assert Citation.objects.shown_at(Visibility.STAFF).count() == 2


def test_a_list_row_does_not_link_a_person_who_is_not_named(db):
    person = PseudonymousPersonFactory()
    victim_list = VictimListFactory()
    entry = victim_list.entries.create(
        row_number=1, columns=[["Name", "X"]], name_as_written="X", surname="X"
    )
    decide(entry, EntryVerdict.LINK, person=person, by=UserFactory(role="moderator"))

    rows = Client().get(f"/api/v1/lists/{victim_list.uuid}/entries/").json()

    assert rows["results"][0]["person"] is None
    assert str(person.uuid) not in str(rows)
