"""The shown-name rule has one home (#30): `victims.models.people.shown_name` (the
SQL that sorts lists and writes releases) says what `Person.name_for` says, for
every naming, clearance, language and empty part; and the search level kept on
each spelling by the SQL function `victims_spelling_level` is the visibility
rule's (`archive.visibility`), for every combination of person and source."""

import itertools
from datetime import UTC
from datetime import datetime

import pytest
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from archive.visibility import ORDER
from archive.visibility import Visibility
from sources.models import Source
from tests.factories import NameVariantFactory
from tests.factories import PublicPersonFactory
from tests.factories import PublicSourceFactory
from victims.models import NameVariant
from victims.models import Person
from victims.models.people import shown_name

pytestmark = pytest.mark.django_db
RETRACTED = datetime(2022, 2, 1, tzinfo=UTC)
PARTS = st.sampled_from(["", "Әлиев", "Ali", "Ö", "ибн Сина"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    surname=PARTS,
    given_name=PARTS,
    patronymic=PARTS,
    pseudonym=st.sampled_from(["", "Survivor 7"]),
    naming=st.sampled_from(Person.Naming.values),
    language=st.sampled_from(["kk", "ru", "en"]),
)
def test_the_sql_shows_the_name_name_for_shows(
    surname, given_name, patronymic, pseudonym, naming, language
):
    person = PublicPersonFactory(
        surname=surname, given_name=given_name, patronymic=patronymic,
        pseudonym=pseudonym, naming=naming,
    )  # fmt: skip

    with translation.override(language):
        for clearance in ORDER:
            in_sql = (
                Person.objects.filter(pk=person.pk)
                .annotate(shown=shown_name(clearance))
                .values_list("shown", flat=True)
                .get()
            )
            assert in_sql == person.name_for(clearance), (clearance, language)


def expected_level(person: Person, source) -> int | None:
    """The lowest clearance that may read the person, their real name and the
    source the spelling was seen in (a retracted source is for staff)."""
    if person.is_retracted:
        return None
    return min(
        index
        for index, clearance in enumerate(ORDER)
        if person.readable_at(clearance)
        and person.name_visible_at(clearance)
        and (
            source is None
            or clearance == Visibility.STAFF
            or source.readable_at(clearance)
        )
    )


def test_every_spelling_is_found_at_the_level_the_visibility_rule_gives():
    levels = [v.value for v in ORDER]
    sources = [None, *(("public", None), ("partners", None), ("staff", None))]
    sources.append(("public", "retracted"))
    checked = 0
    for visibility, naming, retracted, source_kind in itertools.product(
        levels, Person.Naming.values, [False, True], sources
    ):
        person = PublicPersonFactory(visibility=visibility, naming=naming)
        source = None
        if source_kind:
            source = PublicSourceFactory(visibility=source_kind[0])
            if source_kind[1]:
                Source.objects.filter(pk=source.pk).update(retracted_at=RETRACTED)
                source.refresh_from_db()
        spelling = NameVariantFactory(person=person, source=source)
        if retracted:
            Person.objects.filter(pk=person.pk).update(retracted_at=RETRACTED)
            person.refresh_from_db()
        stored = NameVariant.objects.get(pk=spelling.pk).searchable_at
        assert stored == expected_level(person, source), (
            visibility, naming, retracted, source_kind,
        )  # fmt: skip
        checked += 1
    assert checked == 3 * 3 * 2 * 5
