"""Estimates of the uncounted (computing, publishing, withdrawing) and numbered
public releases."""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pghistory
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.queueing import after_commit
from archive.storage import sha256_of_path
from sources.models import VictimList
from victims.discrepancies import overlap

from .estimate import MIN_LISTS
from .estimate import Estimate
from .estimate import EstimateError
from .estimate import estimate
from .models import Release
from .models import UncountedEstimate
from .releases import MANIFEST
from .releases import listed_hashes
from .releases import write_release

RELEASES = "releases"  # the folder of the default storage that holds them


def estimate_of(lists: list[VictimList]) -> tuple[list, list, Estimate]:
    """The lists in order, their reconciled overlap as it stands now, and the
    estimate from it; ValidationError when the overlap cannot give one."""
    lists = sorted(lists, key=lambda v: (v.as_of is None, v.as_of, v.title))
    if len(lists) < MIN_LISTS:
        raise ValidationError({"lists": _("Choose three or more lists.")})
    regions = overlap(lists)
    position = {v.pk: index for index, v in enumerate(lists)}
    counts = {}
    for chosen, count in regions:
        pattern = [0] * len(lists)
        for victim_list in chosen:
            pattern[position[victim_list.pk]] = 1
        counts[tuple(pattern)] = count
    try:
        return lists, regions, estimate(counts)
    except EstimateError as error:
        why = _("These lists cannot give an estimate: %(why)s") % {"why": error}
        raise ValidationError({"lists": why}) from error


@transaction.atomic
def make_estimate(lists: list[VictimList], *, by) -> UncountedEstimate:
    """Compute and keep an estimate (unpublished) from `lists`."""
    lists, regions, result = estimate_of(lists)
    with pghistory.context(user=by.pk, reason="estimate of the uncounted computed"):
        made = UncountedEstimate.objects.create(
            overlap=[
                {"lists": [str(v.uuid) for v in chosen], "count": count}
                for chosen, count in regions
            ],
            result=result.as_dict([v.title for v in lists]),
            computed_by=by,
        )
        made.lists.set(lists)
    return made


def _may_publish(user) -> None:
    if not user.has_perm("reports.publish_estimate"):
        raise PermissionDenied(_("Only administrators publish estimates."))


@transaction.atomic
def publish_estimate(made: UncountedEstimate, *, by) -> None:
    """Show the estimate to everyone (an administrator's decision)."""
    _may_publish(by)
    with pghistory.context(user=by.pk, reason="estimate published"):
        made.published_at, made.published_by = timezone.now(), by
        made.save(update_fields=["published_at", "published_by"])


@transaction.atomic
def withdraw_estimate(made: UncountedEstimate, *, by) -> None:
    """Back to staff only; the history keeps that it was published."""
    _may_publish(by)
    with pghistory.context(user=by.pk, reason="estimate withdrawn"):
        made.published_at, made.published_by = None, None
        made.save(update_fields=["published_at", "published_by"])


def _previous_index(number: int):
    """The index lines of release `number`'s tables, read from storage."""

    def lines(table: str) -> Iterator[str]:
        name = f"{RELEASES}/{number}/index/{table}.csv"
        if not default_storage.exists(name):
            return iter(["id,sha256"])
        with default_storage.open(name, "rb") as handle:
            yield from (line.decode() for line in handle)

    return lines


def next_release_number() -> int:
    last = Release.objects.order_by("-number").first()
    return last.number + 1 if last else 1


def request_release(*, by) -> int:
    """Queue the next release (an administrator's decision); returns its number."""
    if not by.has_perm("reports.make_release"):
        raise PermissionDenied(_("Only administrators make releases."))
    from .tasks import make_release as task

    number = next_release_number()
    after_commit(task, by.pk, number)
    return number


@contextmanager
def _one_snapshot() -> Iterator[str | None]:
    """A transaction whose one snapshot every table of a release is read in:
    repeatable read when it is the outermost, and then exported (its id given), so
    that a second connection writes tables beside this one. Inside a caller's
    transaction, whose writes no other connection would see, None: one connection
    writes everything."""
    outermost = transaction.get_autocommit()  # not inside a caller's transaction
    with transaction.atomic():
        if not outermost:
            yield None
            return
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        yield snapshot


def _write_next(directory: Path, snapshot: str | None) -> tuple[int, dict, dict]:
    number = next_release_number()
    previous = _previous_index(number - 1) if number > 1 else None
    rows, changes = write_release(
        directory, number=number, previous=previous, snapshot=snapshot
    )
    return number, rows, changes


def preview_release(directory: Path) -> tuple[dict[str, int], dict]:
    """Write the next release's files into `directory` without recording it."""
    with _one_snapshot() as snapshot:
        _number, rows, changes = _write_next(directory, snapshot)
    return rows, changes


def make_release(*, by, number: int | None = None) -> Release:
    """Write the next numbered release of the public records and keep its files in
    the default storage; when `number` is given and made already, that release."""
    if number is not None and (made := Release.objects.filter(number=number).first()):
        return made
    with _one_snapshot() as snapshot, tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        number, rows, changes = _write_next(directory, snapshot)
        files = _store(directory, f"{RELEASES}/{number}")
        return Release.objects.create(
            number=number, created_by=by, files=files, rows=rows, changes=changes
        )


def _store(directory: Path, prefix: str) -> list[dict]:
    """Copy the release's files into the default storage under `prefix` (files a
    failed attempt left there, with no release recorded, are replaced). Hashes
    come from the manifest, which hashed every file but itself."""
    hashes = listed_hashes(directory)
    hashes[MANIFEST] = sha256_of_path(directory / MANIFEST)
    files = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        relative = path.relative_to(directory).as_posix()
        name = f"{prefix}/{relative}"
        if default_storage.exists(name):
            default_storage.delete(name)
        with path.open("rb") as handle:
            stored = default_storage.save(name, File(handle))
        if stored != name:
            raise RuntimeError(f"The storage kept {name} as {stored}.")
        size = path.stat().st_size
        files.append({"path": relative, "bytes": size, "sha256": hashes[relative]})
    return files
