"""Fictional demo data: deterministic, marked fictional everywhere it shows."""

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from allegations.models import TortureAllegation
from tests.queries import html_of
from tooling.fictional import generate
from victims.models import Death
from victims.models import Detention
from victims.models import NameVariant
from victims.models import Person

pytestmark = pytest.mark.django_db


def test_the_same_seed_gives_the_same_people_and_another_seed_others():
    first, again, other = generate(50, 7), generate(50, 7), generate(50, 8)

    assert [(p.uuid, p.surname, p.given_name) for p in first] == [
        (p.uuid, p.surname, p.given_name) for p in again
    ]
    assert {p.uuid for p in first}.isdisjoint({p.uuid for p in other})


def test_seed_demo_creates_cited_fictional_people_with_events(capsys):
    call_command("seed_demo", people=300, seed=3)

    people = Person.objects.all()
    assert people.count() == 300
    assert not people.filter(is_fictional=False).exists()
    assert Detention.objects.count() > 200
    assert Death.objects.exists()
    assert TortureAllegation.objects.exists()
    assert NameVariant.objects.filter(script="Latn").count() == 300
    assert not people.published().filter(citations__isnull=True).exists()
    survivors = people.filter(torture_allegations__isnull=False)
    assert not survivors.exclude(naming=Person.Naming.PSEUDONYM).exists()
    assert "300 fictional people created" in capsys.readouterr().out


def test_names_are_kazakh_and_russian():
    people = generate(400, 11)

    assert any(set("әғқңөұүі") & set(p.surname + p.given_name) for p in people)
    assert any(p.patronymic.endswith(("ович", "овна")) for p in people)
    assert any(p.patronymic.endswith(("ұлы", "қызы")) for p in people)


def test_loading_the_same_seed_twice_is_refused():
    call_command("seed_demo", people=5, seed=4)

    with pytest.raises(CommandError, match="already loaded"):
        call_command("seed_demo", people=5, seed=4)
    assert Person.objects.count() == 5


def test_a_nonsense_count_is_refused():
    with pytest.raises(CommandError, match="between"):
        call_command("seed_demo", people=0, seed=1)


def test_every_page_showing_a_fictional_person_says_so(client):
    call_command("seed_demo", people=60, seed=5)
    death = Death.objects.select_related("person", "place").first()
    allegation = TortureAllegation.objects.first()

    person_page = html_of(client, death.person.get_absolute_url())
    allegation_page = html_of(client, allegation.get_absolute_url())
    place_page = html_of(client, death.place.get_absolute_url())

    assert "Fictional demo data." in person_page
    assert "Fictional demo data." in allegation_page
    assert "fictional" in place_page
