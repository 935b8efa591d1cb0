"""Writes that apply to every kind of record (retracting), and partner API tokens.
Publishing needs citations: sources.actions."""

import secrets
from datetime import timedelta

import pghistory
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import TOKEN_PREFIX
from .models import PartnerToken
from .models import TokenUse
from .models import hash_secret

TOKEN_USE_RESOLUTION = timedelta(minutes=1)


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
    *, organisation, name: str, scopes: list[str], created_by, expires_at=None
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
        expires_at=expires_at,
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


def record_token_use(token: PartnerToken, *, method: str, path: str, status: int):
    """Log one request made with `token` (its endpoint without the query)."""
    TokenUse.objects.create(
        token=token, method=method[:8], endpoint=path[:300], status=status
    )


def purge_token_uses(*, older_than_days: int) -> int:
    """Remove usage-log lines older than the configured age; returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    removed, _by_model = TokenUse.objects.filter(at__lt=cutoff).delete()
    return removed
