"""`flush`, which empties every table, refused on the archive and allowed on a test
database only.

Tables of facts and history refuse TRUNCATE (archive.models.never_emptied), so
Django's own flush fails on a real archive, as it should. The test suite empties
its database between transactional tests with this command: there, and only there
(a database named with Django's test prefix), the triggers are lifted for the one
statement.
"""

import pgtrigger
from django.core.management import CommandError
from django.core.management.commands import flush
from django.db import connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX


class Command(flush.Command):
    help = (
        "Empties a test database. A real archive refuses: its facts and history "
        "are never emptied."
    )

    def handle(self, **options) -> None:
        name = connections[options["database"]].settings_dict["NAME"]
        if not name.startswith(TEST_DATABASE_PREFIX):
            raise CommandError(
                f"The archive is never emptied: flush runs on a test database "
                f"(named {TEST_DATABASE_PREFIX}...), not on {name}."
            )
        with pgtrigger.ignore(*_never_emptied(), databases=[options["database"]]):
            super().handle(**options)


def _never_emptied() -> list[str]:
    return [
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if trigger.name == "never_emptied"
    ]
