"""What the application's own database role may do, table by table.

The archive connects with two roles (README, "Database roles"). The owner runs
migrations and owns every table. The site and its workers connect as the
application role (DATABASE_APP_ROLE), which is no superuser and owns nothing.
After every `migrate` the owner grants that role what each table's own triggers
allow, so the privileges follow the models and a new table is covered the day it
is made:

- SELECT and INSERT on every model's table;
- UPDATE, unless a trigger refuses every update (append-only logs, history);
- DELETE, unless a trigger refuses every delete (records, the rows of their pages,
  submissions, history);
- TRUNCATE on no table; a table of no model (django_migrations) is read only;
- EXECUTE on `archive_redact_history`, through which erasure on request empties
  history fields (archive migration 0011), and nothing else can.

The triggers stay as the second line of defence: against the owner, and against
a role set up by hand with more than this.
"""

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db import transaction
from psycopg import sql

WRITES = ("UPDATE", "DELETE")
REDACT = "archive_redact_history(regclass, bigint[], jsonb)"


def refused_writes() -> dict[str, set[str]]:
    """Each table's writes that one of its triggers refuses whatever the row:
    an unconditional protect trigger on UPDATE or DELETE."""
    refused: dict[str, set[str]] = {}
    for model, trigger in pgtrigger.registered():
        if isinstance(trigger, pgtrigger.Protect) and trigger.condition is None:
            operations = set(str(trigger.operation).split(" OR "))
            table = refused.setdefault(model._meta.db_table, set())
            table.update(operations.intersection(WRITES))
    return refused


def table_privileges() -> dict[str, list[str]]:
    """Every model's table, and what the application role may do to it."""
    refused = refused_writes()
    privileges = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        table = model._meta.db_table
        allowed = [w for w in WRITES if w not in refused.get(table, ())]
        privileges[table] = ["SELECT", "INSERT", *allowed]
    return privileges


def grant_statements(role: str) -> list[sql.Composed]:
    """What the owner runs to give `role` exactly `table_privileges()`."""
    to = sql.Identifier(role)
    statements = [
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(to),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(to),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(
            to
        ),
    ]
    # Erasure on request empties history through this function, as the owner.
    statements += [
        sql.SQL("REVOKE ALL ON FUNCTION {} FROM PUBLIC").format(sql.SQL(REDACT)),
        sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(sql.SQL(REDACT), to),
    ]
    for table, privileges in sorted(table_privileges().items()):
        statements.append(
            sql.SQL("GRANT {} ON {} TO {}").format(
                sql.SQL(", ").join(sql.SQL(p) for p in privileges),
                sql.Identifier(table),
                to,
            )
        )
    return statements


def grant_application_role(using: str = "default", **kwargs) -> None:
    """After a migrate (a post_migrate receiver): grant DATABASE_APP_ROLE its
    privileges, in one transaction. Nothing when no such role is configured
    (one role for everything, as on a developer's own server)."""
    role = settings.DATABASE_APP_ROLE
    if not role:
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for statement in grant_statements(role):
            cursor.execute(statement.as_string())
