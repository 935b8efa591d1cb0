"""Writing many rows in one statement: the rows travel as one JSON document that
PostgreSQL unpacks (`jsonb_to_recordset`), not as one parameter per value.

Why not `bulk_create`: Django binds every value of a batch client-side, and
psycopg's quoting of those arrays costs several times the database's own work for a
10,000-row list or a million fictional people. Why not COPY: no execute wrapper
sees a COPY, so pghistory's context (who wrote it and why) and pgtrigger's ignore
would not reach its triggers; this is an ordinary INSERT that they do see.
"""

import json
from collections.abc import Iterable
from itertools import islice

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS
from django.db import connections
from django.db.models import Model
from psycopg import sql

BATCH = 5000
# django-pgtrigger's triggers ask for the triggers to ignore (the `pgtrigger.ignore`
# setting) in a block that catches the error raised when it was never set: one
# aborted subtransaction for each row and trigger. Thousands of those in one
# transaction made every later statement slower (a 10,000-person import fell from
# 1,600 to 300 rows a second). An empty list, for this transaction only, ignores
# nothing and raises nothing; a list set by pgtrigger.ignore() is kept.
CHECKS_WITHOUT_ERRORS = (
    "SELECT set_config('pgtrigger.ignore', "
    "COALESCE(NULLIF(current_setting('pgtrigger.ignore', true), ''), '{}'), true)"
)


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """Reserve `count` primary keys from the model's sequence, so that rows that
    refer to each other are written in bulk without reading anything back."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_records(model: type[Model], records: Iterable[dict]) -> int:
    """INSERT `records` ({field attname: value}) into the model's table, every
    concrete field a column; a field a record omits gets its Python default, an
    omitted primary key its sequence's next value. Returns the rows written."""
    connection = connections[DEFAULT_DB_ALIAS]
    written = 0
    records = iter(records)
    while batch := list(islice(records, BATCH)):
        fields = [
            field
            for field in model._meta.concrete_fields
            if not (field.primary_key and field.attname not in batch[0])
        ]
        known = {field.attname for field in fields}
        rows = []
        for record in batch:
            if unknown := record.keys() - known:
                raise ValueError(f"{model.__name__} has no field {sorted(unknown)}")
            rows.append(
                {
                    field.column: field.get_prep_value(
                        record[field.attname]
                        if field.attname in record
                        else field.get_default()
                    )
                    for field in fields
                }
            )
        names = sql.SQL(", ").join(sql.Identifier(field.column) for field in fields)
        types = sql.SQL(", ").join(
            sql.SQL("{} {}").format(
                sql.Identifier(field.column), sql.SQL(field.db_type(connection))
            )
            for field in fields
        )
        insert = sql.SQL(
            "INSERT INTO {table} ({names}) SELECT {names}"
            " FROM jsonb_to_recordset(%s::jsonb) AS rows ({types})"
        ).format(table=sql.Identifier(model._meta.db_table), names=names, types=types)
        with connection.cursor() as cursor:
            cursor.execute(CHECKS_WITHOUT_ERRORS)
            cursor.execute(
                insert.as_string(), [json.dumps(rows, cls=DjangoJSONEncoder)]
            )
        written += len(batch)
    return written
