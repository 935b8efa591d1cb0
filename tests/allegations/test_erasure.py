"""Erasure on a removal request: an administrator redacts a person in place, with
the reason; nothing that identified them survives in the record or its history."""

import pytest
from django.urls import reverse

from tests.factories import AllegationFactory
from tests.factories import DeathFactory
from tests.factories import NameVariantFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from victims.models import NameKey
from victims.models import NameVariant
from victims.models import Person

pytestmark = pytest.mark.django_db

PLANTED = [
    "Ерасуров",  # surname
    "Ұмытылған",  # given name
    "Erasurov",  # a Latin spelling
    "invented-occupation-to-erase",
    "An invented consent to erase",
    "Invented circumstances to erase",
    "An invented testimony to erase",
]


@pytest.fixture
def person():
    person = PublicPersonFactory(
        surname=PLANTED[0],
        given_name=PLANTED[1],
        occupation=PLANTED[3],
        consent_note=PLANTED[4],
    )
    NameVariantFactory(person=person, surname=PLANTED[2], given_name="Umytylgan")
    DeathFactory(person=person, circumstances=PLANTED[5])
    AllegationFactory(victim=person, testimony=PLANTED[6])
    person.occupation = PLANTED[3] + " (corrected)"  # history holds both
    person.save()
    return person


def erase(client, person, reason="Invented request by the family, granted"):
    return client.post(
        reverse("admin:victims_person_changelist"),
        {
            "action": "erase",
            "_selected_action": [person.pk],
            "confirm": "1",
            "reason": reason,
        },
    )


def everything_kept_about(person: Person) -> str:
    """The live rows and every history event of the person, their spellings, their
    death and their allegations, as text (encrypted fields read decrypted)."""
    owned = [
        (Person, [person.pk]),
        (NameVariant, NameVariant.objects.filter(person=person).values("pk")),
        (type(person.death), [person.death.pk]),
        (
            type(person.torture_allegations.get()),
            person.torture_allegations.values("pk"),
        ),
    ]
    rows = []
    for model, ids in owned:
        rows += model.objects.filter(pk__in=ids).values()
        rows += model.pgh_event_model.objects.filter(pgh_obj_id__in=ids).values()
    return repr(rows)


def test_an_administrator_erases_a_person_and_their_history(
    administrator_client, person
):
    before = everything_kept_about(person)
    assert all(value in before for value in PLANTED)

    response = erase(administrator_client, person)

    assert response.status_code == 302
    person.refresh_from_db()
    kept = everything_kept_about(person)
    for value in PLANTED:
        assert value not in kept, value
    assert person.pseudonym == "[erased]" and person.retracted_at is not None
    assert person.visibility == "staff"
    assert "Invented request by the family, granted" in person.retraction_reason
    assert not NameKey.objects.filter(key__startswith="erasur").exists()
    search = administrator_client.get("/api/v1/persons/", {"q": "Ерасуров"}).json()
    assert search["results"] == []


def test_only_administrators_erase_and_a_reason_is_needed(
    editor_client, moderator_client, administrator_client, person
):
    for client in (editor_client, moderator_client):
        erase(client, person)
        person.refresh_from_db()
        assert person.surname == PLANTED[0]  # the action is not theirs
    page = erase(administrator_client, person, reason="")
    assert page.status_code == 200  # the confirmation page again, asking why
    person.refresh_from_db()
    assert person.surname == PLANTED[0]


def test_the_erasure_page_names_each_person_as_staff_know_them(administrator_client):
    person = PseudonymousPersonFactory(surname=PLANTED[0], given_name=PLANTED[1])

    page = erase(administrator_client, person, reason="")

    assert page.status_code == 200
    assert f"{PLANTED[0]} {PLANTED[1]}" in page.text  # not the public pseudonym
