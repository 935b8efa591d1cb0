"""Each record's history is readable by staff: who by name, when, why, and which
fields changed from what to what, in the staff member's language."""

import pytest
from django.apps import apps
from django.contrib import admin
from pghistory.models import Event

from archive.history import ReadableHistory
from tests.admin_models import registered_models
from tests.archive.test_admin import admin_url
from tests.factories import OrganisationFactory
from tests.factories import PublicPersonFactory
from tests.factories import partner_token
from tests.forms import keeping_citations
from tests.forms import person_change_data
from victims.models import Person


def rename(client, person: Person, surname: str, reason: str, language="en"):
    url = f"/{language}{admin_url(Person, 'change', person.pk)[3:]}"
    data = keeping_citations(person_change_data(client, url), person)
    data.update(surname=surname, change_reason=reason)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_history_names_who_when_why_and_what_changed(editor_client):
    editor_client.user.first_name, editor_client.user.last_name = "Айгүл", "Серікова"
    editor_client.user.save()
    person = PublicPersonFactory(surname="Жұмабеков", sex="male")
    rename(editor_client, person, "Жумабеков", "spelling as on the 2022 list")

    page = editor_client.get(admin_url(Person, "history", person.pk))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Айгүл Серікова" in html
    assert "spelling as on the 2022 list" in html
    assert "<strong>Surname</strong>: Жұмабеков → Жумабеков" in html
    assert "Created" in html and "Changed" in html
    assert "<strong>Sex</strong>: — → Male" in html  # the creation's values, labelled


@pytest.mark.parametrize(
    ("language", "surname", "changed"),
    [("kk", "Тегі", "Өзгерді"), ("ru", "Фамилия", "Изменено")],
)
def test_history_speaks_kazakh_and_russian(editor_client, language, surname, changed):
    person = PublicPersonFactory(surname="Жұмабеков")
    rename(editor_client, person, "Жумабеков", "a reason")

    url = f"/{language}{admin_url(Person, 'history', person.pk)[3:]}"
    html = editor_client.get(url).content.decode()

    assert f"<strong>{surname}</strong>: Жұмабеков → Жумабеков" in html
    assert changed in html


def test_history_is_for_staff_and_token_history_for_administrators(
    client, editor_client, administrator_client
):
    person = PublicPersonFactory()
    url = admin_url(Person, "history", person.pk)
    assert client.get(url).status_code == 302  # to the login page
    organisation = OrganisationFactory()
    partner_token("read:public", organisation=organisation)
    token = organisation.api_tokens.get()
    assert editor_client.get(
        admin_url(type(token), "history", token.pk)
    ).status_code in (
        403,
        404,
    )
    organisation_history = admin_url(type(organisation), "history", organisation.pk)
    assert "Partner API token" not in editor_client.get(organisation_history).text
    assert "Partner API token" in administrator_client.get(organisation_history).text


def test_every_tracked_record_has_the_readable_history():
    tracked = {
        model.pgh_tracked_model
        for model in apps.get_models()
        if issubclass(model, Event) and model.pgh_tracked_model
    }
    for model in registered_models():
        if model in tracked:
            model_admin = admin.site.get_model_admin(model)
            assert isinstance(model_admin, ReadableHistory), model


def test_the_history_of_every_record_names_who_and_why(editor_client):
    editor_client.user.first_name = "Айгүл"
    editor_client.user.save()
    person = PublicPersonFactory(surname="Жұмабеков")
    rename(editor_client, person, "Жумабеков", "spelling as on the 2022 list")

    page = editor_client.get("/kk/admin/archive/historyevent/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Барлық жазбалардың тарихы" in html
    assert "spelling as on the 2022 list" in html and "Өзгерді" in html


def test_encrypted_fields_read_as_text_in_history(editor_client):
    from allegations.models import TortureAllegation
    from tests.factories import AllegationFactory

    allegation = AllegationFactory()

    url = admin_url(TortureAllegation, "history", allegation.pk)
    html = editor_client.get(url).content.decode()

    assert "An invented testimony about the cell." in html
    assert "gAAAAA" not in html  # a Fernet token
