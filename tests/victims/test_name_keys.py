"""Search keys follow the names: on every save, and for all rows by a command."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PublicPersonFactory
from tests.forms import keeping_citations, person_change_data
from victims.models import NameVariant

pytestmark = pytest.mark.django_db


def test_rebuild_restores_every_key_and_recorded_name(capsys):
    person = PublicPersonFactory(surname="Тоқаев", given_name="Ерлан")
    NameVariant.objects.update(surname_key="", given_key="")
    NameVariant.objects.filter(is_primary=True).delete()

    call_command("rebuild_name_keys")

    primary = person.name_variants.get(is_primary=True)
    assert (primary.surname_key, primary.given_key) == ("tokaev", "erlan")
    assert "1 recorded names added" in capsys.readouterr().out


def test_renaming_a_person_in_the_admin_moves_the_search_keys(editor_client):
    person = PublicPersonFactory(surname="Ерболов", given_name="Дәурен")
    url = reverse("admin:victims_person_change", args=[person.pk])
    data = person_change_data(editor_client, url)
    data.update({"surname": "Ерболатов", "naming": "full", "visibility": "public"})
    keeping_citations(data, person)

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert person.name_variants.get(is_primary=True).surname_key == "erbolatov"
    assert (
        editor_client.get("/en/search/", {"q": "Yerbolatov Dauren"}).status_code == 200
    )
    html = editor_client.get("/en/search/", {"q": "Yerbolatov Dauren"}).content.decode()
    assert "Ерболатов Дәурен" in html
