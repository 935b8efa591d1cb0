"""Search keys follow the names: on every save, and for all rows by a command."""

import pgtrigger
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PublicPersonFactory
from tests.forms import keeping_citations
from tests.forms import person_change_data
from tests.queries import html_of
from victims.models import NameVariant

pytestmark = pytest.mark.django_db


def test_rebuild_restores_every_key_and_recorded_name(capsys):
    person = PublicPersonFactory(surname="Тоқаев", given_name="Ерлан")
    NameVariant.objects.update(surname_key="", given_key="")
    # As before recorded names were spellings: the owner, with the trigger lifted.
    with pgtrigger.ignore("victims.NameVariant:records_are_never_deleted"):
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
    html = html_of(editor_client, "/en/search/", {"q": "Yerbolatov Dauren"})
    assert "Ерболатов Дәурен" in html


def _found(query: str) -> list[int]:
    """Who the whole name finds (a part match, of the given name alone, is not)."""
    from archive.visibility import Visibility
    from victims.models import Person

    hits = Person.objects.search(query, Visibility.STAFF)
    return [hit.person.pk for hit in hits if not hit.partial]


def test_a_surname_changed_by_a_queryset_update_is_searchable_at_once():
    from victims.models import Person

    person = PublicPersonFactory(surname="Ерболов", given_name="Дәурен")

    Person.objects.filter(pk=person.pk).update(surname="Сейітқалиев")

    primary = person.name_variants.get(is_primary=True)
    assert (primary.surname, primary.surname_key) == ("Сейітқалиев", "seitkaliev")
    assert _found("Сейітқалиев Дәурен") == [person.pk]
    assert _found("Ерболов Дәурен") == []


def test_people_created_in_bulk_and_spellings_updated_in_bulk_are_searchable():
    from victims.models import Person

    [person] = Person.objects.bulk_create(
        [Person(surname="Жанкелдиев", given_name="Мұрат")]
    )
    assert _found("Zhankeldiyev Murat") == [person.pk]

    NameVariant.objects.filter(person=person).update(surname="Жанкелдин")
    assert _found("Жанкелдин Мұрат") == [person.pk]
    variant = NameVariant.objects.create(
        person=person, surname="Jankeldi", given_name="Murat", script="Latn"
    )
    assert variant.surname_key == "jankeldi"
    assert _found("Jankeldi Murat") == [person.pk]


def test_a_person_printed_anywhere_shows_only_the_public_name():
    from victims.models import Person

    hidden = PublicPersonFactory(
        surname="Құдайбергенов", pseudonym="Witness K", naming=Person.Naming.PSEUDONYM
    )
    named = PublicPersonFactory(surname="Нұрланов", given_name="Ерлан")

    assert str(hidden) == "Witness K"
    assert str(named) == "Нұрланов Ерлан Серікұлы"
