"""Deciding who a list entry is, and what a decision does to the archive.

A link (or a new person made from the entry) cites the entry's list on the person,
at the entry's row, and adds the list's spelling as a name variant whose source is
the list, so that families find the person by the list's spelling, at the list's
visibility (the variant's search level follows its source). A later decision that
unties the entry from that person removes what the link added; the decision log
and the history keep both.
"""

from datetime import date

import pghistory
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from archive.dates import DatePrecision
from archive.visibility import Visibility
from archive.widening import refuse_widening
from sources.models import Citation
from sources.models import ListEntry

from .. import happenings
from ..models import NameVariant
from ..models import Person
from ..models.links import TIES
from ..models.links import EntryDecision
from ..models.links import EntryVerdict
from ..names import guess_script
from ..names import join_name

EVENTS_YEAR = 2022  # an age on a list or a record is the age in January 2022


def birth_year_from(birth_year: int | None, age: int | None) -> int | None:
    """The birth year given, or the one an age in January 2022 implies."""
    if birth_year:
        return int(birth_year)
    return EVENTS_YEAR - int(age) if age is not None else None


def standing(entry: ListEntry) -> EntryDecision | None:
    """The entry's latest decision, if any."""
    return entry.decisions.order_by("-id").first()


def decide(
    entry: ListEntry,
    decision: str,
    *,
    by,
    person: Person | None = None,
    reason: str = "",
    probability: float | None = None,
    explanation: list | None = None,
    automatic: bool = False,
) -> EntryDecision:
    """Record `decision` on `entry` and carry it out; ValidationError when it
    cannot be (a link without a person, a new person with one)."""
    if decision in (EntryVerdict.LINK, EntryVerdict.NOT_THIS_PERSON) and person is None:
        raise ValidationError({"person": _("Choose the person this decision is on.")})
    if (
        decision in (EntryVerdict.NEW_PERSON, EntryVerdict.UNSURE)
        and person is not None
    ):
        raise ValidationError({"person": _("This decision names no existing person.")})
    if person is not None and person.retracted_at is not None:
        raise ValidationError({"person": _("This person's record is retracted.")})
    with (
        transaction.atomic(),
        pghistory.context(
            user=by.pk, reason=f"linkage decision on {entry}: {decision}"
        ),
        refuse_widening(by=by, records=[entry, person]) as watch,
    ):
        ListEntry.objects.select_for_update().filter(pk=entry.pk).first()
        previous = standing(entry)
        tied = previous.person if previous and previous.decision in TIES else None
        if tied is not None and not (decision in TIES and person == tied):
            _untie(entry, tied, by=by, why=f"linkage decision on {entry}: {decision}")
        if decision == EntryVerdict.NEW_PERSON:
            person = _person_from(entry)
            watch.add(person)
        made = EntryDecision.objects.create(
            entry=entry,
            decision=decision,
            person=person,
            probability=probability,
            explanation=explanation or [],
            automatic=automatic,
            decided_by=by,
            reason=reason,
        )
        if decision in TIES and person != tied:
            _tie(entry, person)
    return made


def link_automatically(links: list[tuple], *, by) -> int:
    """Link undecided entries in bulk: `links` holds (entry, person id,
    probability, explanation). What `decide` does one by one, in a few queries;
    WideningRefused, and nothing linked, if the links would let more people read
    and `by` may not decide that."""
    if not links:
        return 0
    victim_list = links[0][0].victim_list
    people = Person.objects.filter(pk__in={person_id for _, person_id, *_ in links})
    with (
        transaction.atomic(),
        pghistory.context(user=by.pk, reason=f"automatic linkage of {victim_list}"),
        refuse_widening(by=by, records=people),
    ):
        EntryDecision.objects.bulk_create(
            EntryDecision(
                entry=entry,
                decision=EntryVerdict.LINK,
                person_id=person_id,
                probability=probability,
                explanation=why,
                automatic=True,
                decided_by=by,
            )
            for entry, person_id, probability, why in links
        )
        person_type = ContentType.objects.get_for_model(Person)
        cited = set(
            Citation.objects.filter(
                content_type=person_type, source=victim_list
            ).values_list("object_id", flat=True)
        )
        citations = {}
        for entry, person_id, _probability, _why in links:
            if person_id not in cited and person_id not in citations:
                citations[person_id] = Citation(
                    content_type=person_type,
                    object_id=person_id,
                    source=victim_list,
                    locator=f"#{entry.row_number}",
                )
        Citation.objects.bulk_create(citations.values())
        NameVariant.objects.bulk_create(
            _variant(entry, person_id)
            for entry, person_id, _probability, _why in links
            if entry.surname or entry.given_name
        )
    return len(links)


def _variant(entry: ListEntry, person_id: int) -> NameVariant:
    return NameVariant(
        person_id=person_id,
        source=entry.victim_list,
        surname=entry.surname,
        given_name=entry.given_name,
        patronymic=entry.patronymic,
        script=guess_script(entry.name_as_written),
        note=_marker(entry),
    )


def _marker(entry: ListEntry) -> str:
    return f"#{entry.row_number}: {entry.name_as_written}"[:300]


def _tie(entry: ListEntry, person: Person) -> None:
    victim_list = entry.victim_list
    Citation.objects.cite(person, victim_list, locator=f"#{entry.row_number}")
    if entry.surname or entry.given_name:
        _variant(entry, person.pk).save()


def _untie(entry: ListEntry, person: Person, *, by, why: str) -> None:
    """Take back what tying `entry` to `person` added, unless another entry of the
    same list still ties them (then the citation and spelling stay)."""
    victim_list = entry.victim_list
    others_tie = (
        EntryDecision.objects.linking()
        .filter(entry__victim_list=victim_list, person=person)
        .exclude(entry=entry)
        .exists()
    )
    NameVariant.objects.filter(
        person=person, source=victim_list, note=_marker(entry)
    ).remove(by=by, reason=why)
    if not others_tie:
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(Person),
            object_id=person.pk,
            source=victim_list,
        ).remove(by=by, reason=why)


def _person_from(entry: ListEntry) -> Person:
    """A person made from the entry: staff-only and unnamed publicly until a
    moderator widens them, cited to the list, with what the list counts."""
    victim_list = entry.victim_list
    person = Person.objects.create(
        surname=entry.surname,
        given_name=entry.given_name,
        patronymic=entry.patronymic,
        sex=entry.sex or Person.Sex.UNKNOWN,
        birth_date=date(entry.birth_year, 1, 1) if entry.birth_year else None,
        birth_precision=DatePrecision.YEAR,
        age_at_events=entry.age,
        visibility=Visibility.STAFF,
        pseudonym="",
    )
    if not join_name(entry.surname, entry.given_name):
        person.pseudonym = entry.name_as_written[:150]
        person.save()
    kind = happenings.listed_as(victim_list.counts)
    happened = kind.model.objects.create(
        **{
            kind.owner: person,
            kind.dated_by: entry.event_date,
            "visibility": Visibility.STAFF,
        }
    )
    Citation.objects.cite(happened, victim_list, locator=f"#{entry.row_number}")
    return person
