"""Records are retracted, never deleted: the database itself refuses a DELETE on
every record table, on citations and on history, through the ORM or raw SQL."""

import pytest
from django.db import connection
from django.db import transaction

from sources.models import Citation
from tests.factories import AllegationFactory
from tests.factories import CriminalCaseFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import FigureFactory
from tests.factories import IncidentFactory
from tests.factories import InjuryFactory
from tests.factories import PublicPersonFactory
from tests.factories import PublicSourceFactory
from tests.factories import VictimListFactory


def refused(trigger: str = "records_are_never_deleted"):
    return pytest.raises(Exception, match=trigger)


def deleting_is_refused(model, pk, trigger: str = "records_are_never_deleted"):
    table = connection.ops.quote_name(model._meta.db_table)
    key = connection.ops.quote_name(model._meta.pk.column)
    raw = f"DELETE FROM {table} WHERE {key} = %s"  # noqa: S608 (model metadata)
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
