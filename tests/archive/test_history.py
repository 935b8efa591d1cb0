"""Every change is attributable: who, when, what and why, whichever way it was made."""

import pghistory
import pytest
from django.urls import reverse
from pghistory.models import Events

from archive.actions import retract_records
from tests.factories import PublicPersonFactory, StaffPersonFactory
from tests.forms import person_change_data
from victims.models import Person

pytestmark = pytest.mark.django_db


def last_event(obj):
    return Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id").first()


def test_an_admin_edit_records_the_user_and_the_reason(editor_client):
    person = StaffPersonFactory(surname="Ерболова")
    url = reverse("admin:victims_person_change", args=[person.pk])
    data = person_change_data(editor_client, url)
    data.update(
        {
            "surname": "Ерболова-Сейтова",
            "given_name": person.given_name,
            "change_reason": "spelling corrected from the family's submission",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last_event(person)
    assert event.pgh_label == "update"
    assert event.pgh_diff["surname"] == ["Ерболова", "Ерболова-Сейтова"]
    assert event.pgh_context["user"] == editor_client.user.pk
    assert event.pgh_context["reason"].startswith("spelling corrected")


def test_a_queryset_update_is_captured_with_its_context():
    person = PublicPersonFactory()

    with pghistory.context(user=None, reason="bulk re-classification"):
        Person.objects.filter(pk=person.pk).update(role=Person.Role.MILITARY)

    event = last_event(person)
    assert event.pgh_diff["role"] == ["civilian", "military"]
    assert event.pgh_context["reason"] == "bulk re-classification"


def test_retraction_is_recorded_with_its_reason():
    person = PublicPersonFactory()

    retract_records(Person.objects.filter(pk=person.pk), reason="entered twice")

    event = last_event(person)
    assert event.pgh_context["reason"] == "retracted: entered twice"
    assert event.pgh_diff["retraction_reason"] == ["", "entered twice"]


def test_retraction_without_a_reason_is_refused():
    person = PublicPersonFactory()

    with pytest.raises(ValueError, match="reason"):
        retract_records(Person.objects.filter(pk=person.pk), reason="  ")


def test_history_cannot_be_rewritten():
    from django.db import DatabaseError, transaction

    person = StaffPersonFactory()
    event_model = Person.pgh_event_models["insert"]

    with pytest.raises(DatabaseError), transaction.atomic():
        event_model.objects.filter(pgh_obj=person).update(surname="forged")
