"""Tables of counts, as the statistics page and API show them, and the ways of
counting that every kind of record shares (no app's models here: each app counts
its own records with these)."""

from collections import Counter
from dataclasses import dataclass
from dataclasses import field

from django.utils.translation import gettext_lazy as _

UNKNOWN = _("Not known")


@dataclass
class Tally:
    """One table of counts: rows of (label, count), or of (label, counts by column)
    when `columns` are given."""

    key: str
    title: str
    description: str
    rows: list[tuple[str, int | list[int]]]
    columns: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(
            sum(count) if isinstance(count, list) else count for _, count in self.rows
        )


def counted(records, field_name: str) -> Counter:
    """How many records have each value of `field_name`."""
    return Counter(records.values_list(field_name, flat=True))


def by_choice(key, title, description, counter: Counter, choices) -> Tally:
    """Counts in the order of the choices, then anything else, dropping zeros."""
    counter = Counter(counter)
    rows = [(str(label), counter.pop(value, 0)) for value, label in choices]
    rows += [(str(value), count) for value, count in sorted(counter.items())]
    return Tally(key, str(title), str(description), [(lb, n) for lb, n in rows if n])


def by_count(key, title, description, counter: Counter) -> Tally:
    """Counts, the largest first."""
    rows = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return Tally(key, str(title), str(description), rows)


def by_region(key, title, description, records, regions: dict) -> Tally:
    """Records by the region or city of 2022 of their place (`regions`: each
    place id -> its region's name)."""
    places = records.values_list("place_id", flat=True)
    return by_count(key, title, description, Counter(regions[p] for p in places))
