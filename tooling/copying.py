"""Fast writes for large generated data sets (`seed_demo`, the benchmarks): ids
reserved ahead, so that related rows are written in bulk (`archive.bulk`) without
reading anything back, and no insert history for generated rows."""

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
