"""The site and its workers connect as a role of their own, which can neither empty
nor delete what the archive keeps (archive.grants, deploy/database-roles.sql).

The suite itself runs as the tables' owner (it makes its database and migrates
it); these tests connect to that database as the application role, as `make run`
serves the site."""

import os
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from archive.grants import table_privileges
from tests.archive.test_never_deleted import never_emptied_tables
from tests.archive.test_settings import manage

# Among them, those the audit emptied or deleted from (#29).
FACT_TABLES = [
    "victims_person", "victims_personevent", "victims_namevariant",
    "victims_defendant", "victims_hearing", "submissions_submission",
    "sources_citation", "allegations_tortureallegation",
]  # fmt: skip
APP_URL = os.environ.get("DATABASE_APP_URL", "")
pytestmark = pytest.mark.skipif(
    not APP_URL,
    reason="DATABASE_APP_URL is not set: make test sets up the application role "
    "(tooling.localstack); on servers of your own, README, 'Database roles'",
)


@pytest.fixture
def as_application(django_db_setup):
    """A connection to the test database as the application role."""
    with psycopg.connect(
        APP_URL, dbname=connection.settings_dict["NAME"], autocommit=True
    ) as conn:
        yield conn


def refused(conn: psycopg.Connection, statement: sql.Composed) -> bool:
    try:
        conn.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def tables_refusing(privilege: str) -> list[str]:
    return sorted(t for t, ps in table_privileges().items() if privilege not in ps)


def test_the_application_role_is_no_superuser_and_owns_nothing(as_application):
    role, superuser, owned = as_application.execute(
        "SELECT current_user, rolsuper, (SELECT count(*) FROM pg_class"
        " WHERE relowner = pg_roles.oid) FROM pg_roles WHERE rolname = current_user"
    ).fetchone()

    assert (role, superuser, owned) == (settings.DATABASE_APP_ROLE, False, 0)


@pytest.mark.parametrize("table", never_emptied_tables())
def test_the_application_role_cannot_truncate_what_the_archive_keeps(
    as_application, table
):
    truncate = sql.SQL("TRUNCATE {} CASCADE").format(sql.Identifier(table))

    assert refused(as_application, truncate)


def test_the_application_role_cannot_delete_any_fact_or_history(as_application):
    tables = tables_refusing("DELETE")
    assert set(FACT_TABLES) <= set(tables)

    for table in tables:
        delete = sql.SQL("DELETE FROM {} WHERE false").format(sql.Identifier(table))
        assert refused(as_application, delete), table


def test_the_application_role_cannot_rewrite_a_log(as_application):
    tables = tables_refusing("UPDATE")
    assert {"victims_personevent", "submissions_decision", "reports_release"} <= set(
        tables
    )

    for table in tables:
        may_update = as_application.execute(
            "SELECT has_table_privilege(current_user, %s, 'UPDATE')", [table]
        ).fetchone()[0]
        assert not may_update, table


@pytest.mark.django_db(transaction=True)
def test_the_site_works_as_the_application_role(as_application):
    """The archive's own data loads through the application role, as `make run`
    loads it: inserts, updates and history all allowed."""
    result = manage("load_archive_data", **as_application_role())

    assert result.returncode == 0, result.stderr[-2000:]
    assert as_application.execute("SELECT count(*) FROM sources_source").fetchone()[0]


def as_application_role() -> dict[str, str]:
    """The environment of a `manage.py` connected to the test database as the
    application role."""
    database = "/" + connection.settings_dict["NAME"]
    url = urlsplit(APP_URL)._replace(path=database).geturl()
    return {"DATABASE_URL": url, "DJANGO_DEBUG": "1"}


@pytest.mark.django_db(transaction=True)
def test_erasure_on_request_empties_history_as_the_application_role(
    reference_data, as_application
):
    """History may not be UPDATEd by the application role, yet an administrator's
    erasure empties it, through archive_redact_history, which empties only."""
    from tests.factories import PublicPersonFactory
    from tests.factories import UserFactory

    person = PublicPersonFactory(surname="Invented", occupation="An invented job")
    administrator = UserFactory(role="administrator")

    erased = manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        "from victims.actions.erasure import erase_person\n"
        "from victims.models import Person\n"
        f"erase_person(Person.objects.get(pk={person.pk}),"
        f" by=get_user_model().objects.get(pk={administrator.pk}), reason='asked')\n",
        **as_application_role(),
    )

    assert erased.returncode == 0, erased.stderr[-2000:]
    left = as_application.execute(
        "SELECT count(*) FROM victims_personevent WHERE pgh_obj_id = %s"
        " AND (surname <> '' OR occupation <> '')",
        [person.pk],
    ).fetchone()[0]
    assert left == 0
    with pytest.raises(psycopg.errors.RaiseException, match="only empties"):
        as_application.execute(
            "SELECT archive_redact_history('victims_personevent', %s, %s::jsonb)",
            [[person.pk], '{"surname": "Forged"}'],
        )
    assert refused(
        as_application,
        sql.SQL("UPDATE victims_personevent SET surname = '' WHERE false"),
    )
