"""Fast writes for large generated data sets: PostgreSQL COPY instead of the ORM.

Used only for fictional demo data (`seed_demo`), where a million people must load in
minutes: building a million model instances costs more than the database work.
Rows are dicts by field name; the columns come from the model's own fields, so a
new field needs no change here (its Python default is written when a row omits it).
"""

from collections.abc import Iterable
from itertools import chain

import pgtrigger
from django.db import connection
from django.db.models import Model


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """Reserve `count` primary keys from the model's sequence."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_records(model: type[Model], records: Iterable[dict]) -> None:
    """COPY `records` ({field attname: value}) into the model's table, every
    concrete field a column; a field a record omits gets its Python default, an
    omitted primary key its sequence's next value."""
    records = iter(records)
    first = next(records, None)
    if first is None:
        return
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and field.attname not in first)
    ]
    known = {field.attname for field in fields}
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({names}) FROM STDIN"  # noqa: S608 (names from model metadata)
        ) as copy,
    ):
        for record in chain([first], records):
            if unknown := record.keys() - known:
                raise ValueError(f"{model.__name__} has no field {sorted(unknown)}")
            copy.write_row(
                [
                    record[field.attname]
                    if field.attname in record
                    else field.get_default()
                    for field in fields
                ]
            )


def without_history():
    """Fictional rows are generated, not facts: skip their insert-history triggers."""
    return pgtrigger.ignore(
        "victims.Person:insert_insert",
        "victims.NameVariant:insert_insert",
        "victims.Death:insert_insert",
        "victims.Detention:insert_insert",
        "victims.Injury:insert_insert",
        "sources.Citation:insert_insert",
        "allegations.TortureAllegation:insert_insert",
    )
