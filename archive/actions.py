"""Writes that apply to every kind of record: publishing and retracting."""

from dataclasses import dataclass

import pghistory
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .visibility import Visibility

PUBLIC_NEEDS_CITATION = _(
    "A public record needs at least one citation: add the source that reports it first."
)


def lacks_citation(record, *, visibility: str, citations: int) -> bool:
    """Would `record` be public without a citation? (see PUBLIC_NEEDS_CITATION)"""
    return (
        record.REQUIRES_CITATION and visibility == Visibility.PUBLIC and citations == 0
    )


@dataclass
class PublishReport:
    published: int
    refused: list[str]


@transaction.atomic
def publish_records(records: QuerySet, *, note: str = "") -> PublishReport:
    """Make records public; any that cites no source is refused and left as it was."""
    refused, ready = [], []
    for record in records.current():
        if lacks_citation(
            record, visibility=Visibility.PUBLIC, citations=record.citations.count()
        ):
            refused.append(str(record))
        else:
            ready.append(record.pk)
    with pghistory.context(reason=f"published. {note}".strip()):
        published = records.model.objects.filter(pk__in=ready).update(
            visibility=Visibility.PUBLIC, updated_at=timezone.now()
        )
    return PublishReport(published=published, refused=refused)


@transaction.atomic
def retract_records(records: QuerySet, *, reason: str) -> int:
    """Withdraw records from all pages; they stay in the database and history."""
    if not reason.strip():
        raise ValueError("A retraction needs a reason.")
    with pghistory.context(reason=f"retracted: {reason}"):
        return records.current().update(
            retracted_at=timezone.now(),
            retraction_reason=reason,
            updated_at=timezone.now(),
        )
