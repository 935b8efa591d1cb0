"""Records are retracted, never deleted: the database itself refuses a DELETE on
every record table, through the ORM or raw SQL."""

import pytest
from django.db import connection, transaction

from tests.factories import (
    AllegationFactory,
    CriminalCaseFactory,
    DeathFactory,
    DetentionFactory,
    FigureFactory,
    IncidentFactory,
    InjuryFactory,
    PublicPersonFactory,
    PublicSourceFactory,
    VictimListFactory,
)


def refused():
    return pytest.raises(Exception, match="records_are_never_deleted")


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
    model = type(record)
    table = connection.ops.quote_name(model._meta.db_table)
    key = connection.ops.quote_name(model._meta.pk.column)
    raw = f"DELETE FROM {table} WHERE {key} = %s"  # noqa: S608 (model metadata)
    with refused(), transaction.atomic():
        model.objects.filter(pk=record.pk).delete()
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(raw, [record.pk])
    assert model.objects.filter(pk=record.pk).exists()
