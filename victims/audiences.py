"""What an audience reads of victims' rows, for the write-side rule
(archive.widening): a person's real name, a spelling, a defendant, a hearing, and
that a person is on a list; and which rows follow from a person, a source, a case
or a list's row. The read side's own querysets answer each question."""

from collections.abc import Iterator

from archive.visibility import Visibility
from archive.widening import register
from sources.models import ListEntry
from sources.models import Source
from sources.models import VictimList

from . import happenings
from .models import CriminalCase
from .models import Defendant
from .models import EntryDecision
from .models import Hearing
from .models import NameVariant
from .models import Person

Rows = Iterator[tuple[int, str]]


def _keys(queryset, what: str) -> Rows:
    return ((pk, what) for pk in queryset.values_list("pk", flat=True))


def person_rows(model, pks: list[int], clearance: Visibility) -> Rows:
    """The real name where the person is readable and named in full; initials
    where named by initials or in full (a fuller name reads both)."""
    visible = Person.objects.visible_at(clearance).filter(pk__in=pks)
    withheld = Person.objects.names_withheld_at(clearance)
    yield from _keys(visible.exclude(pk__in=withheld.values("pk")), "name")
    initials = visible.exclude(naming=Person.Naming.PSEUDONYM)
    yield from _keys(initials, "initials")


def spelling_rows(model, pks: list[int], clearance: Visibility) -> Rows:
    return _keys(
        NameVariant.objects.readable_at(clearance).filter(pk__in=pks), "spelling"
    )


def defendant_rows(model, pks: list[int], clearance: Visibility) -> Rows:
    """A defendant shows where the case and the person are readable."""
    shown = Defendant.objects.filter(
        pk__in=pks,
        case__in=CriminalCase.objects.visible_at(clearance),
        person__in=Person.objects.visible_at(clearance),
    )
    return _keys(shown, "defendant")


def hearing_rows(model, pks: list[int], clearance: Visibility) -> Rows:
    shown = Hearing.objects.filter(
        pk__in=pks, case__in=CriminalCase.objects.visible_at(clearance)
    )
    return _keys(shown, "hearing")


def membership_rows(model, pks: list[int], clearance: Visibility) -> Rows:
    """That a person is on a list: a standing link, the list and the person
    readable, and the person's name too (the row would name them)."""
    shown = (
        EntryDecision.objects.linking()
        .filter(
            pk__in=pks,
            entry__victim_list__in=VictimList.objects.visible_at(clearance),
            person__in=Person.objects.visible_at(clearance),
        )
        .exclude(person__in=Person.objects.names_withheld_at(clearance))
    )
    return _keys(shown, "membership")


def of_person(model, pks: list[int]):
    yield (
        NameVariant,
        NameVariant.objects.filter(person__in=pks).values_list("pk", flat=True),
    )
    yield (
        Defendant,
        Defendant.objects.filter(person__in=pks).values_list("pk", flat=True),
    )
    yield (
        EntryDecision,
        EntryDecision.objects.filter(person__in=pks).values_list("pk", flat=True),
    )
    for kind in happenings.kinds():
        records = kind.model.objects.filter(**{f"{kind.owner}__in": pks})
        yield kind.model, records.values_list("pk", flat=True)


def spellings_seen_in(model, pks: list[int]):
    yield (
        NameVariant,
        NameVariant.objects.filter(source__in=pks).values_list("pk", flat=True),
    )


def of_case(model, pks: list[int]):
    yield Defendant, Defendant.objects.filter(case__in=pks).values_list("pk", flat=True)
    yield Hearing, Hearing.objects.filter(case__in=pks).values_list("pk", flat=True)


def decisions_on(model, pks: list[int]):
    yield (
        EntryDecision,
        EntryDecision.objects.filter(entry__in=pks).values_list("pk", flat=True),
    )


register(Person, readable=person_rows, followers=of_person)
register(NameVariant, readable=spelling_rows)
register(Defendant, readable=defendant_rows)
register(Hearing, readable=hearing_rows)
register(EntryDecision, readable=membership_rows)
register(Source, followers=spellings_seen_in)
register(CriminalCase, followers=of_case)
register(ListEntry, followers=decisions_on)
