"""A backup of a populated archive restores into a fresh database and media folder
identically: every table's rows, and every file."""

import hashlib
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError
from django.core.management import call_command
from django.test import Client
from psycopg import sql

from archive.backups import connection_settings
from submissions.models import Attachment
from tests.factories import AllegationFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import PublicPersonFactory
from tests.factories import partner_token
from tests.submissions.test_submissions import jpeg_with_gps
from tests.submissions.test_submissions import send

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data", "fresh_rate_limits"),
]

ROW_DIGEST = """
SELECT count(*), coalesce(md5(string_agg(md5(t::text), ',' ORDER BY md5(t::text))), '')
FROM {} AS t
"""


def table_digests(conninfo: str) -> dict[str, tuple[int, str]]:
    """Every public table's row count and a digest of all its rows."""
    with psycopg.connect(conninfo) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        return {
            table: connection.execute(
                sql.SQL(ROW_DIGEST).format(sql.Identifier(table))
            ).fetchone()
            for table in tables
        }


def file_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def empty_database():
    """A fresh, empty database on the test server, dropped afterwards."""
    conninfo, _ = connection_settings(None)
    name = psycopg.conninfo.conninfo_to_dict(conninfo)["dbname"] + "_restored"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield psycopg.conninfo.make_conninfo(conninfo, dbname=name)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def populated(settings, tmp_path):
    """Records with their history, a submission with its attachment on disk, a
    partner token."""
    settings.MEDIA_ROOT = tmp_path / "media"
    person = PublicPersonFactory()
    DeathFactory(person=person)
    DetentionFactory(person=PublicPersonFactory())
    AllegationFactory()
    partner_token("read")
    response = send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    assert response.status_code == 200
    assert Attachment.objects.count() == 1
    return settings.MEDIA_ROOT


def test_a_backup_restores_identically(populated, empty_database, tmp_path, capsys):
    call_command("backup", "--output", str(tmp_path / "backups"))
    [backup] = (tmp_path / "backups").glob("qantar-*.backup")
    assert backup.stat().st_mode & 0o077 == 0  # owner-only
    content = backup.read_bytes()
    assert b"ustar" not in content and b"database.dump" not in content  # encrypted

    call_command("backup", "--verify", str(backup))
    assert "every SHA-256 matches" in capsys.readouterr().out

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore",
        str(backup),
        "--database-url",
        empty_database,
        "--media-root",
        str(restored_media),
    )

    original = table_digests(connection_settings(None)[0])
    assert original["victims_person"][0] >= 2
    assert original["submissions_attachment"][0] == 1
    assert original["archive_partnertoken"][0] == 1
    assert original["victims_personevent"][0] >= 2  # history came along
    assert table_digests(empty_database) == original
    assert file_digests(restored_media) == file_digests(populated)
    assert file_digests(populated)  # the attachment was there to compare


def test_restore_refuses_a_non_empty_target_without_force(populated, tmp_path):
    call_command("backup", "--output", str(tmp_path / "backups"))
    [backup] = (tmp_path / "backups").glob("qantar-*.backup")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))  # the archive's own, populated database


def test_a_damaged_or_foreign_backup_is_refused_before_anything_is_written(
    populated, empty_database, tmp_path, settings
):
    call_command("backup", "--output", str(tmp_path / "backups"))
    [backup] = (tmp_path / "backups").glob("qantar-*.backup")
    damaged = tmp_path / "damaged.backup"
    content = bytearray(backup.read_bytes())
    content[len(content) // 2] ^= 0xFF
    damaged.write_bytes(bytes(content))
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(backup.read_bytes()[: len(content) // 2])

    for broken, why in [(damaged, "cannot be decrypted"), (truncated, "truncated")]:
        with pytest.raises(CommandError, match=why):
            call_command(
                "restore",
                str(broken),
                "--database-url",
                empty_database,
                "--media-root",
                str(tmp_path / "restored-media"),
            )
    settings.BACKUP_KEYS = ["q3Vt8YbN1xR6mK0sW4dF9hJ2cL7pZ5gA1eU3iO8yT6w="]
    with pytest.raises(CommandError, match="wrong BACKUP_KEYS"):
        call_command("backup", "--verify", str(backup))
    assert table_digests(empty_database) == {}
    assert not (tmp_path / "restored-media").exists()


def test_only_the_newest_backups_are_kept(populated, tmp_path):
    for _ in range(3):
        call_command("backup", "--output", str(tmp_path / "backups"), "--keep", "2")

    assert len(list((tmp_path / "backups").glob("qantar-*.backup"))) == 2


def test_a_backup_made_before_a_key_rotation_still_restores(
    populated, tmp_path, settings
):
    old_key = settings.BACKUP_KEYS[0]
    call_command("backup", "--output", str(tmp_path / "backups"))
    [backup] = (tmp_path / "backups").glob("qantar-*.backup")
    new_key = "q3Vt8YbN1xR6mK0sW4dF9hJ2cL7pZ5gA1eU3iO8yT6w="

    settings.BACKUP_KEYS = [new_key, old_key]
    call_command("backup", "--verify", str(backup))
    call_command("backup", "--output", str(tmp_path / "after"))
    [after] = (tmp_path / "after").glob("qantar-*.backup")
    settings.BACKUP_KEYS = [new_key]

    call_command("backup", "--verify", str(after))
    with pytest.raises(CommandError, match="wrong BACKUP_KEYS"):
        call_command("backup", "--verify", str(backup))
