"""Backups: one encrypted file with the database (`pg_dump`, custom format) and the
media files, and their restore.

Inside, before encryption, a backup is a tar stream: `database.dump`, every file under
MEDIA_ROOT as `media/<path>`, and `manifest.json` last (the SHA-256 and size of each
member). A restore checks every member against the manifest before it touches the
target.

Encryption uses Fernet (`cryptography`: AES-128-CBC with HMAC-SHA256) with
BACKUP_KEYS, kept apart from every other key. Fernet encrypts one message in memory
and a database dump does not fit, so the stream is cut into chunks: each is a token
over its index, a last-chunk flag and its bytes, written after its length. The index
and the flag make a reordered or truncated file fail to decrypt instead of restoring
part of a backup. No library found here encrypts a stream with keys from the
environment without an outside binary (gpg, age), hence this small framing.
"""

import io
import json
import os
import shutil
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from pathlib import Path
from pathlib import PurePosixPath

import psycopg
from cryptography.fernet import InvalidToken
from django.conf import settings

from .encryption import fernet
from .storage import sha256_of_path

MAGIC = b"QANTAR-BACKUP-1\n"
CHUNK = 8 * 1024 * 1024
HEADER = struct.Struct(">QB")  # chunk index, last-chunk flag
LENGTH = struct.Struct(">I")
DUMP = "database.dump"
MANIFEST = "manifest.json"
MEDIA = "media"
NAME_PATTERN = "qantar-*.backup"


class BackupError(Exception):
    """A backup that cannot be written, read or restored; the message says why."""


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that writes Fernet-encrypted chunks to `out`."""

    def __init__(self, out) -> None:
        self.out = out
        self.buffer = bytearray()
        self.index = 0
        self.fernet = fernet(settings.BACKUP_KEYS)
        out.write(MAGIC)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer.extend(data)
        while len(self.buffer) > CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self.buffer), last=True)
            self.buffer.clear()
        super().close()

    def _emit(self, data: bytes, *, last: bool) -> None:
        token = self.fernet.encrypt(HEADER.pack(self.index, last) + data)
        self.out.write(LENGTH.pack(len(token)) + token)
        self.index += 1


def decrypted_chunks(source) -> Iterator[bytes]:
    """The plaintext of an encrypted backup read from `source`, chunk by chunk."""
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("This is not a Qantar archive backup.")
    crypto = fernet(settings.BACKUP_KEYS)
    index = 0
    while True:
        length = source.read(LENGTH.size)
        expected = LENGTH.unpack(length)[0] if len(length) == LENGTH.size else 0
        token = source.read(expected)
        if not expected or len(token) < expected:
            raise BackupError("The backup is truncated: its last part is missing.")
        try:
            plain = crypto.decrypt(token)
        except InvalidToken:
            raise BackupError(
                "The backup cannot be decrypted: a wrong BACKUP_KEYS, or a damaged "
                "file."
            ) from None
        found, last = HEADER.unpack_from(plain)
        if found != index:
            raise BackupError("The backup's parts are out of order.")
        yield plain[HEADER.size :]
        index += 1
        if last:
            return


class DecryptingReader(io.RawIOBase):
    """A read-only stream over `decrypted_chunks`, for tarfile."""

    def __init__(self, source) -> None:
        self.chunks = decrypted_chunks(source)
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self.pending:
            self.pending = next(self.chunks, None)
            if self.pending is None:
                self.pending = b""
                return 0
        size = min(len(target), len(self.pending))
        target[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program: from PG_BIN (which `make` sets to
    the embedded server's), else from PATH. It must be as new as the server."""
    found = shutil.which(name, path=os.environ.get("PG_BIN") or None)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs (as new "
            "as the server) or set PG_BIN to the folder that holds them."
        )
    return found


def connection_settings(database_url: str | None) -> tuple[str, dict[str, str]]:
    """A libpq connection string and environment for `database_url`, or for the
    default database; the password goes in the environment, never in arguments."""
    environment = dict(os.environ)
    if database_url:
        return database_url, environment
    database = settings.DATABASES["default"]
    parts = {
        "dbname": database["NAME"],
        "user": database.get("USER"),
        "host": database.get("HOST"),
        "port": str(database.get("PORT") or ""),
    }
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    conninfo = psycopg.conninfo.make_conninfo(
        **{key: value for key, value in parts.items() if value}
    )
    return conninfo, environment


def run_tool(command: list[str], environment: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 (a program found by pg_tool, no shell)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def make_backup(output_dir: Path, *, keep: int | None = None) -> Path:
    """Write a backup of the default database and MEDIA_ROOT into `output_dir`;
    keep only the `keep` newest backups there when given. Returns the file."""
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = output_dir / f"qantar-{stamp}.backup"
    partial = target.with_suffix(".partial")
    conninfo, environment = connection_settings(None)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP
        run_tool(
            [pg_tool("pg_dump"), "--format=custom", "--file", str(dump), conninfo],
            environment,
        )
        members = {DUMP: dump}
        for path in media_files(media_root):
            members[f"{MEDIA}/{path.relative_to(media_root).as_posix()}"] = path
        manifest = {
            "format": 1,
            "created_at": datetime.now(UTC).isoformat(),
            "files": {
                name: {"sha256": sha256_of_path(path), "bytes": path.stat().st_size}
                for name, path in members.items()
            },
        }
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            writer = EncryptingWriter(out)
            with tarfile.open(fileobj=writer, mode="w|") as archive:
                for name, path in members.items():
                    archive.add(path, arcname=name, recursive=False)
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                archive.addfile(info, io.BytesIO(body))
            writer.close()
            out.flush()
            os.fsync(out.fileno())
    partial.rename(target)
    if keep is not None:
        for old in sorted(output_dir.glob(NAME_PATTERN))[:-keep]:
            old.unlink()
    return target


def unpack(backup: Path, into: Path) -> dict:
    """Decrypt and unpack `backup` into the folder `into`, check every file against
    the manifest, and return the manifest. Nothing outside `into` is written."""
    with backup.open("rb") as source:
        reader = io.BufferedReader(DecryptingReader(source), CHUNK)
        with tarfile.open(fileobj=reader, mode="r|") as archive:
            for member in archive:
                name = PurePosixPath(member.name)
                if not member.isfile() or name.is_absolute() or ".." in name.parts:
                    raise BackupError(f"The backup holds an unexpected entry: {name}")
                path = into.joinpath(*name.parts)
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                with path.open("wb") as out:
                    shutil.copyfileobj(archive.extractfile(member), out)
    manifest_path = into / MANIFEST
    if not manifest_path.is_file():
        raise BackupError("The backup has no manifest: it is incomplete.")
    manifest = json.loads(manifest_path.read_text())
    found = {
        path.relative_to(into).as_posix()
        for path in into.rglob("*")
        if path.is_file() and path != manifest_path
    }
    if found != set(manifest["files"]):
        raise BackupError("The backup's files differ from its manifest.")
    for name, expected in manifest["files"].items():
        if sha256_of_path(into / name) != expected["sha256"]:
            raise BackupError(f"{name} in the backup does not match its SHA-256.")
    return manifest


def tables_in(conninfo: str) -> list[str]:
    with psycopg.connect(conninfo) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return [row[0] for row in rows]


def restore_backup(
    backup: Path,
    *,
    database_url: str | None = None,
    media_root: Path | None = None,
    force: bool = False,
) -> dict:
    """Restore `backup` into a database (the default one unless `database_url`) and
    a media folder (MEDIA_ROOT unless `media_root`). Both must be empty unless
    `force`. The database is restored in one transaction: all of it or none."""
    conninfo, environment = connection_settings(database_url)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not force:
        if tables_in(conninfo):
            raise BackupError(
                "The target database is not empty; restore into an empty one, or "
                "pass --force to replace what the backup holds."
            )
        if media_files(media_root):
            raise BackupError(
                f"The media folder {media_root} is not empty; restore into an empty "
                "one, or pass --force."
            )
    with tempfile.TemporaryDirectory() as work:
        manifest = unpack(backup, Path(work))
        command = [pg_tool("pg_restore"), "--single-transaction", "--exit-on-error"]
        command += ["--no-owner", "--no-privileges", "--dbname", conninfo]
        if force:
            command += ["--clean", "--if-exists"]
        run_tool([*command, str(Path(work) / DUMP)], environment)
        media_root.mkdir(parents=True, exist_ok=True, mode=0o700)
        for name in manifest["files"]:
            if not name.startswith(f"{MEDIA}/"):
                continue
            target = media_root.joinpath(*PurePosixPath(name).parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(Path(work) / name, target)
            target.chmod(0o600)
    return manifest


def latest_backup(folder: Path) -> Path | None:
    found = sorted(folder.glob(NAME_PATTERN)) if folder.is_dir() else []
    return found[-1] if found else None
