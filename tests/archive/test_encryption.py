"""Testimony, what is said of perpetrators and consent notes are encrypted at rest,
history included, read back as text, and re-encrypted when a key is rotated."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from tests.factories import AllegationFactory
from tests.factories import PublicPersonFactory

pytestmark = pytest.mark.django_db

TESTIMONY = "An invented testimony about cell 4"
CONSENT = "An invented consent, given by phone"


def stored(table: str, column: str) -> list[str]:
    """What the database holds, as any reader of its files or backups sees it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_sensitive_text_is_stored_encrypted_and_read_as_text(editor_client):
    allegation = AllegationFactory(testimony=TESTIMONY)
    person = PublicPersonFactory(consent_note=CONSENT)
    allegation.testimony = TESTIMONY + ", corrected"
    allegation.save()  # history holds both versions

    for table, column, text in [
        ("allegations_tortureallegation", "testimony", TESTIMONY),
        ("allegations_tortureallegationevent", "testimony", TESTIMONY),
        ("allegations_tortureallegationevent", "perpetrator_description", "Invented"),
        ("victims_person", "consent_note", CONSENT),
    ]:
        values = stored(table, column)
        assert values, (table, column)
        assert all(value.startswith("gAAAAA") for value in values), (table, column)
        assert not any(text in value for value in values), (table, column)

    allegation.refresh_from_db()
    person.refresh_from_db()
    assert allegation.testimony == TESTIMONY + ", corrected"
    assert person.consent_note == CONSENT
    page = editor_client.get(
        f"/en/admin/allegations/tortureallegation/{allegation.pk}/change/"
    )
    assert TESTIMONY in page.text


def test_a_new_key_put_first_re_encrypts_everything_when_rotated(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.RECORD_KEYS = [old]
    allegation = AllegationFactory(testimony=TESTIMONY)
    with connection.cursor() as cursor:  # a value written before encryption
        cursor.execute(
            "UPDATE victims_person SET consent_note = %s WHERE id = %s",
            [CONSENT, allegation.victim_id],
        )

    settings.RECORD_KEYS = [new, old]
    call_command("rotate_record_keys", stdout=StringIO())
    settings.RECORD_KEYS = [new]  # the old key dropped

    allegation.refresh_from_db()
    assert allegation.testimony == TESTIMONY
    assert allegation.victim.consent_note == CONSENT
    for table, column in [
        ("allegations_tortureallegation", "testimony"),
        ("allegations_tortureallegationevent", "testimony"),
        ("victims_person", "consent_note"),
        ("victims_personevent", "consent_note"),
    ]:
        for value in stored(table, column):
            assert Fernet(new).decrypt(value.encode()), (table, column)
