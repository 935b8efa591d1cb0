"""`manage.py link_list`: who each entry of a list is, as the review queue's "Link
this list's undecided entries now" does, run here and now."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from archive.commands import staff_member
from archive.commands import write_counts
from sources.models import VictimList
from victims.actions.linkage import link_list
from victims.review import REVIEW_PERMISSION


class Command(BaseCommand):
    help = (
        "Score the undecided entries of the list with REFERENCE against the "
        "archive's people and the other lists: link the sure ones (attributed to "
        "--by), send the doubtful ones to the review queue, propose the rest as "
        "new people. A reviewer's decision is never undone."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("reference")
        parser.add_argument("--by", required=True, help="An editor or moderator.")
        parser.add_argument("--json", type=Path, help="Also write the counts here.")

    def handle(self, *args, reference: str, by: str, json: Path | None, **options):
        user = staff_member(by, REVIEW_PERMISSION, "review linkage")
        victim_list = VictimList.objects.filter(reference=reference).first()
        if victim_list is None:
            raise CommandError(f"No list has the reference {reference!r}.")
        outcome = link_list(victim_list, by=user)
        counts = {
            "list": reference,
            "scored": outcome.scored,
            "linked": outcome.linked,
            "review": outcome.review,
            "new": outcome.new,
        }
        write_counts(self, counts, json)
