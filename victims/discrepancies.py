"""Where two or three victim lists disagree: who is on which (people tied to entries
by linkage decisions; an entry nobody has tied counts only for its own list), the
values lists give differently for the same person, the archive's people on none of
them, and the entries still unreviewed.

Everything here is read at a viewer's clearance: only lists they may read, names
as `Person.name_for` shows them, ages only where the person's details are theirs to
read, and no row for a person they may not see or whose name they may not read
(such a person is still counted).
"""

from dataclasses import dataclass
from dataclasses import field
from itertools import combinations

from django.db.models import Exists
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from archive.visibility import Visibility
from sources.models import ListEntry
from sources.models import VictimList

from . import happenings
from .actions.list_decisions import birth_year_from
from .models import EntryDecision
from .models import Person
from .names import fold

# The fields lists are compared on, as the report names them.
COMPARED = {
    "event_date": _("date"),
    "place": _("place"),
    "birth_year": _("birth year or age"),
    "cause": _("cause"),
}


@dataclass
class Value:
    victim_list: VictimList
    row_number: int
    text: str


@dataclass
class Conflict:
    person: Person
    name: str  # as the viewer may read it
    field: str
    label: str
    values: list[Value]


@dataclass
class Comparison:
    lists: list[VictimList]
    overlap: list[tuple[list[VictimList], int]]  # who is on exactly these lists
    conflicts: list[Conflict] = field(default_factory=list)
    unlisted: list[tuple[Person, str]] = field(default_factory=list)
    unlisted_count: int = 0
    unreviewed: dict[int, int] = field(default_factory=dict)  # list id -> entries


def compare(lists: list[VictimList], clearance: Visibility) -> Comparison:
    """The discrepancy report of two or three `lists` (all readable at
    `clearance`; the caller checks)."""
    entries = {
        entry.pk: entry
        for entry in ListEntry.objects.filter(victim_list__in=lists).select_related(
            "victim_list"
        )
    }
    tied = _tied(lists, entries)
    on_lists, untied = _who_is_on(
        lists, ((entries[e].victim_list_id, p) for e, p in tied.items())
    )
    report = Comparison(lists=lists, overlap=_overlap(lists, on_lists, untied))
    people = Person.objects.in_bulk(on_lists)
    by_person: dict[int, list[ListEntry]] = {}
    for entry_id, person_id in tied.items():
        if person_id is not None:
            by_person.setdefault(person_id, []).append(entries[entry_id])
    for person_id, found in sorted(by_person.items()):
        person = people[person_id]
        if (
            len({e.victim_list_id for e in found}) > 1
            and person.readable_at(clearance)
            and not person.names_withheld_at(clearance)
        ):
            report.conflicts += conflicts_of(person, found, clearance)
    report.unlisted_count, report.unlisted = _unlisted(lists, on_lists, clearance)
    decided = EntryDecision.objects.filter(entry=OuterRef("pk")).exclude(
        decision="unsure"
    )
    for victim_list in lists:
        report.unreviewed[victim_list.pk] = (
            ListEntry.objects.filter(victim_list=victim_list)
            .exclude(Exists(decided))
            .count()
        )
    return report


def overlap(lists: list[VictimList]) -> list[tuple[list[VictimList], int]]:
    """Who is on exactly which of `lists` (any number of them), as in `compare`."""
    entries = dict(
        ListEntry.objects.filter(victim_list__in=lists).values_list(
            "pk", "victim_list_id"
        )
    )
    tied = _tied(lists, entries)
    on_lists, untied = _who_is_on(lists, ((entries[e], p) for e, p in tied.items()))
    return _overlap(lists, on_lists, untied)


def _tied(lists, entries) -> dict[int, int | None]:
    """Entry id -> the person its standing decision ties it to, or None."""
    linked = EntryDecision.objects.linking().filter(entry__victim_list__in=lists)
    person_of = dict(linked.values_list("entry_id", "person_id"))
    return {entry_id: person_of.get(entry_id) for entry_id in entries}


def _who_is_on(lists, ties) -> tuple[dict[int, set[int]], dict[int, int]]:
    """From (list id, person id or None) pairs: person -> the lists they are on,
    and list -> its entries tied to nobody."""
    on_lists: dict[int, set[int]] = {}
    untied: dict[int, int] = dict.fromkeys((v.pk for v in lists), 0)
    for list_id, person_id in ties:
        if person_id is None:
            untied[list_id] += 1
        else:
            on_lists.setdefault(person_id, set()).add(list_id)
    return on_lists, untied


def _overlap(lists, on_lists: dict[int, set[int]], untied: dict[int, int]) -> list:
    """For every non-empty set of the lists: how many are on exactly those (people;
    an untied entry counts as on its own list only)."""
    regions = []
    for size in range(1, len(lists) + 1):
        for chosen in combinations(lists, size):
            wanted = {v.pk for v in chosen}
            count = sum(1 for found in on_lists.values() if found == wanted)
            if size == 1:
                count += untied[chosen[0].pk]
            regions.append((list(chosen), count))
    return regions


def conflicts_of(person: Person, entries, clearance: Visibility) -> list[Conflict]:
    """The fields on which the lists that name `person` disagree, each value with
    its list and row. Ages only when the person's details are the viewer's."""
    details = person.details_visible_at(clearance)
    found = []
    for name, label in COMPARED.items():
        if name == "birth_year" and not details:
            continue
        values = []
        for entry in entries:
            if name == "birth_year":
                year = birth_year_from(entry.birth_year, entry.age)
                text, key = (str(year), year) if year else ("", None)
            else:
                raw = getattr(entry, name)
                text = raw.isoformat() if hasattr(raw, "isoformat") else raw or ""
                key = fold(text) if name in ("place", "cause") else text
            if text:
                values.append((key, Value(entry.victim_list, entry.row_number, text)))
        keys = {key for key, _ in values}
        if name == "birth_year" and keys and max(keys) - min(keys) <= 1:
            continue  # an age is a year either way of the birth year
        if len(keys) > 1:
            found.append(
                Conflict(
                    person,
                    person.name_for(clearance),
                    name,
                    str(label),
                    [value for _, value in values],
                )
            )
    return found


def person_conflicts(person: Person, clearance: Visibility) -> list[Conflict]:
    """What the lists a viewer may read say differently about `person`: nothing
    where the viewer may not read the person's name (a list's rows would name them)."""
    if person.names_withheld_at(clearance):
        return []
    tied = EntryDecision.objects.linking().filter(
        person=person,
        entry__victim_list__in=VictimList.objects.visible_at(clearance),
    )
    entries = [
        decision.entry
        for decision in tied.select_related("entry__victim_list").order_by("id")
    ]
    if len({entry.victim_list_id for entry in entries}) < 2:
        return []
    return conflicts_of(person, entries, clearance)


def _unlisted(lists, on_lists: dict[int, set[int]], clearance: Visibility):
    """People the viewer may see whom what the lists count happened to, but who are
    on none of them: their number, and the first 200 with shown names."""
    kinds = {happenings.listed_as(v.counts) for v in lists}
    happened = None
    for kind in kinds:
        records = kind.model.objects.current()
        on = Exists(records.filter(**{kind.owner: OuterRef("pk")}))
        happened = on if happened is None else happened | on
    people = (
        Person.objects.visible_at(clearance)
        .filter(happened)
        .exclude(pk__in=list(on_lists))
    )
    count = people.count()
    shown = people.ordered_by_shown_name(clearance)[:200]
    return count, [(person, person.name_for(clearance)) for person in shown]
