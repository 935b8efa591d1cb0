"""What the tooling commands share: their help is their docstring; and, for the
commands over fictional people, --people checked against the command's range, and
--seed."""

import inspect

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError


class DocumentedCommand(BaseCommand):
    """A command whose help is its docstring."""

    @property
    def help(self) -> str:
        return inspect.cleandoc(self.__doc__ or "")


class FictionalPeopleCommand(DocumentedCommand):
    """Subclasses set `people_default`, `people_range` and `seed_default`, and add
    their own options in `add_options`."""

    people_default = 100_000
    people_range = (1, 1_000_000)
    seed_default = 1

    def add_arguments(self, parser) -> None:
        parser.add_argument("--people", type=int, default=self.people_default)
        parser.add_argument("--seed", type=int, default=self.seed_default)
        self.add_options(parser)

    def add_options(self, parser) -> None:
        """The command's own options, after --people and --seed."""

    def execute(self, *args, **options):
        lowest, highest = self.people_range
        if not lowest <= options["people"] <= highest:
            raise CommandError(f"--people must be between {lowest:,} and {highest:,}.")
        return super().execute(*args, **options)
