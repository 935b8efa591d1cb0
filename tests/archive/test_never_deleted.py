"""Records are retracted, never deleted: the database itself refuses a DELETE on
every record table, on the rows of their pages (citations, spellings, defendants,
hearings), on submissions and on history, through the ORM or raw SQL; and a
TRUNCATE of any of them."""

import pgtrigger
import pytest
from django.core.management import call_command
from django.db import connection
from django.db import transaction
from psycopg import sql

from sources.models import Citation
from tests.factories import AllegationFactory
from tests.factories import CriminalCaseFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import FigureFactory
from tests.factories import IncidentFactory
from tests.factories import InjuryFactory
from tests.factories import NameVariantFactory
from tests.factories import PublicPersonFactory
from tests.factories import PublicSourceFactory
from tests.factories import VictimListFactory
from tests.factories import defendant
from victims.models import Hearing
from victims.models import NameVariant
from victims.models import Person


def refused(trigger: str = "records_are_never_deleted"):
    return pytest.raises(Exception, match=trigger)


def deleting_is_refused(model, pk, trigger: str = "records_are_never_deleted"):
    raw = (
        sql.SQL("DELETE FROM {} WHERE {} = %s")
        .format(
            sql.Identifier(model._meta.db_table), sql.Identifier(model._meta.pk.column)
        )
        .as_string()
    )
    with refused(trigger), transaction.atomic():
        model._base_manager.filter(pk=pk).delete()
    with refused(trigger), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(raw, [pk])
    return model._base_manager.filter(pk=pk).exists()


FACTORIES = [
    PublicPersonFactory,
    DeathFactory,
    DetentionFactory,
    InjuryFactory,
    IncidentFactory,
    CriminalCaseFactory,
    AllegationFactory,
    PublicSourceFactory,
    FigureFactory,
    VictimListFactory,  # a source too
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_the_database_refuses_to_delete_a_record(factory):
    record = factory()

    assert deleting_is_refused(type(record), record.pk)


@pytest.mark.django_db
def test_the_database_refuses_to_delete_a_citation_or_its_history():
    citation = PublicPersonFactory().citations.get()
    event = citation.events.get()

    assert deleting_is_refused(Citation, citation.pk)
    assert deleting_is_refused(type(event), event.pk, trigger="append_only")


@pytest.mark.django_db
def test_the_rows_of_a_record_page_are_removed_not_deleted(moderator_client):
    person = PublicPersonFactory()
    case = CriminalCaseFactory()
    spelling = NameVariantFactory(person=person)
    accused = defendant(case, person)
    hearing = Hearing.objects.create(case=case, held_on="2022-06-01")

    for row in (spelling, accused, hearing):
        assert deleting_is_refused(type(row), row.pk)

    removed = NameVariant.objects.filter(pk=spelling.pk).remove(
        by=moderator_client.user, reason="a typo"
    )
    assert removed == 1
    assert not person.name_variants.filter(pk=spelling.pk).exists()
    kept = NameVariant.including_removed.get(pk=spelling.pk)
    assert (kept.removed_by, kept.removal_reason) == (moderator_client.user, "a typo")
    assert kept.searchable_at is None  # no search finds anyone by it


@pytest.mark.django_db
def test_a_submission_is_never_deleted():
    from submissions.models import Submission

    submission = Submission.objects.create(
        kind="new_person", account="An invented account.", naming="initials",
        receipt_hash="0" * 64,
    )  # fmt: skip

    assert deleting_is_refused(Submission, submission.pk)


def never_emptied_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model, trigger in pgtrigger.registered()
        if trigger.name == "never_emptied"
    )


def test_every_table_that_refuses_delete_refuses_truncate():
    refusing_delete = {
        model._meta.db_table
        for model, trigger in pgtrigger.registered()
        if isinstance(trigger, pgtrigger.Protect) and "DELETE" in str(trigger.operation)
    }

    assert refusing_delete <= set(never_emptied_tables())
    assert "victims_personevent" in never_emptied_tables()  # history


@pytest.mark.django_db
@pytest.mark.parametrize("table", never_emptied_tables())
def test_the_database_refuses_to_truncate_facts_and_history(table):
    truncate = sql.SQL("TRUNCATE {} CASCADE").format(sql.Identifier(table))
    with refused("Cannot truncate"), transaction.atomic(), connection.cursor() as c:
        c.execute(truncate.as_string())


def test_only_a_test_database_is_flushed(reference_data):
    """The test suite itself empties its database between transactional tests."""
    PublicPersonFactory()

    call_command("flush", interactive=False, verbosity=0)

    assert not Person.objects.exists()
