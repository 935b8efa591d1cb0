"""What the archive's management commands for data managers share: who runs them,
and counts printed for people and written as JSON for scripts."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError


def staff_member(username: str, permission: str, doing: str):
    """The active account `username`, if it may do what the command does."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not user.has_perm(permission):
        raise CommandError(f"{username!r} is not a staff member who may {doing}.")
    return user


def write_counts(command: BaseCommand, counts: dict, path: Path | None) -> None:
    """The counts, one per line; and as JSON at `path` for scripts."""
    for name, value in counts.items():
        if name != "errors":
            command.stdout.write(f"{name}: {value}")
    for error in counts.get("errors", []):
        command.stdout.write(f"error (row {error['row']}): {error['message']}")
    if path is not None:
        path.write_text(json.dumps(counts, ensure_ascii=False, indent=2) + "\n")
