from django.core.management.base import BaseCommand

from victims.actions.name_keys import rebuild_name_keys


class Command(BaseCommand):
    help = "Recompute every name search key, e.g. after the folding rules changed."

    def handle(self, *args, **options) -> None:
        created, changed = rebuild_name_keys()
        self.stdout.write(
            f"{created} recorded names added, {changed} variants re-keyed."
        )
