"""Writes that apply to every kind of record (publishing, retracting), and partner
API tokens."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

import pghistory
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sources.models import Citation

from .models import TOKEN_PREFIX, PartnerToken, hash_secret
from .visibility import Visibility

TOKEN_USE_RESOLUTION = timedelta(minutes=1)

SHARED_NEEDS_CITATION = _(
    "A record shared with partners or the public needs at least one citation of a "
    "source they may read: add it first."
)


def readable_citations(record, level: str) -> int:
    """How many of `record`'s citations a viewer at `level` may read."""
    if record.pk is None:
        return 0
    return (
        Citation.objects.of_readable_sources(Visibility(level))
        .filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
        )
        .count()
    )


def lacks_citation(record, *, visibility: str, citations: int) -> bool:
    """Would `record` reach partners or the public with no citation they may read?
    `citations` counts those readable at `visibility` (see SHARED_NEEDS_CITATION).
    """
    return (
        record.REQUIRES_CITATION and visibility != Visibility.STAFF and citations == 0
    )


@dataclass
class PublishReport:
    published: int
    refused: list[str]


@transaction.atomic
def publish_records(records: QuerySet, *, note: str = "") -> PublishReport:
    """Make records public; any that cites no publicly readable source is refused
    and left as it was (a staff-only testimony is not evidence the public can check).
    """
    refused, ready = [], []
    for record in records.current():
        citations = readable_citations(record, Visibility.PUBLIC)
        if lacks_citation(record, visibility=Visibility.PUBLIC, citations=citations):
            refused.append(record.label_for(Visibility.STAFF))
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


@transaction.atomic
def issue_partner_token(
    *, organisation, name: str, scopes: list[str], created_by
) -> tuple[PartnerToken, str]:
    """A new token and its secret. The secret is returned once and never stored."""
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = PartnerToken.objects.create(
        organisation=organisation,
        name=name,
        scopes=sorted(set(scopes)),
        prefix=prefix,
        secret_hash=hash_secret(secret),
        created_by=created_by,
    )
    return token, secret


def revoke_partner_tokens(tokens: QuerySet) -> int:
    """Revoke now; a revoked token stays, with its history, and never works again."""
    return tokens.active().update(revoked_at=timezone.now())


def note_token_use(token: PartnerToken) -> None:
    """Record when a token was last used, at most once a minute per token."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_RESOLUTION:
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
