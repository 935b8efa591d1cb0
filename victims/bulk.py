"""Fast writes for large generated data sets: PostgreSQL COPY instead of the ORM.

Used only for fictional demo data (`seed_demo`), where a million people must load in
minutes: building a million model instances costs more than the database work.
"""

from collections.abc import Iterable, Sequence

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


def copy_rows(
    model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]
) -> None:
    """COPY `rows` (tuples in `columns` order, database column names) into the table."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({names}) FROM STDIN"  # noqa: S608 (names from model metadata)
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)


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
