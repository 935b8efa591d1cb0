"""Who each entry of a victim list is: candidate people (and entries of other lists)
found through the name keys, scored by victims.scoring, and sorted by the two
thresholds (settings.LINKAGE_UPPER and LINKAGE_LOWER):

- above the upper one, linked automatically, if no other person is above it, or
  the best is clearly ahead of the next (LEAD_BITS of match weight); for an entry
  that gives only initials, if no other person fits at all;
  and no other row of the same list is tied to that person (a second row for one
  person is a possible duplicate row, for review), and nothing speaks against it
  (birth years more than five years apart, or namesakes the entry cannot tell
  apart: those go to review whatever the probability);
- between the two, sent to the review queue;
- below the lower one, proposed as a new person.

Only entries nobody has decided on yet are scored; a reviewer's decision is never
undone by a run.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Subquery

from archive.widening import WideningRefused
from sources.models import EntryAnnotation
from sources.models import ListEntry
from sources.models import VictimList

from .. import happenings
from .. import scoring
from ..models import NameVariant
from ..models import Person
from ..models.links import EntryDecision
from ..models.links import EntryMatch
from ..models.links import EntryProposal
from ..models.links import EntryVerdict
from ..models.links import LinkCandidate
from ..models.links import weight_in_bits
from ..names import fold
from ..names import fold_initials
from ..names import fold_patronymic
from .list_decisions import birth_year_from
from .list_decisions import link_automatically

CANDIDATES_KEPT = 5
TURNED = "r"  # the uid suffix of an entry's name read the other way round
FLOOR = 0.05  # candidates less likely than this are not worth a reviewer's time
# When two candidates are both above the upper threshold, an automatic link needs
# the best this far ahead of the next: 10 bits, odds of about 1,000 to 1 that the
# entry names the one and not the other (two namesakes may both be "likely"
# against the whole archive, never both the one).
LEAD_BITS = 10


@dataclass
class Outcome:
    """What one run did, for the page and the log."""

    scored: int = 0
    linked: int = 0
    review: int = 0
    new: int = 0
    bands: dict[int, str] = field(default_factory=dict)  # entry id -> band


def link_list(victim_list: VictimList, *, by) -> Outcome:
    """Score every undecided entry of `victim_list` against the archive's people
    and the other lists' entries; link, queue or propose each. `by` is who ran it:
    automatic links are attributed to them."""
    entries = list(
        ListEntry.objects.filter(victim_list=victim_list)
        .select_related("victim_list")
        .exclude(Exists(EntryDecision.objects.filter(entry=OuterRef("pk"))))
        .order_by("row_number")
    )
    outcome = Outcome(scored=len(entries))
    if not entries:
        return outcome
    left = entry_frame(entries)
    people = people_frame(victim_list.counts)
    by_entry = _best_per_person(left, people) if len(people) else {}
    others = entry_frame(
        ListEntry.objects.exclude(victim_list=victim_list).order_by("id")
    )
    matches = _best_per_entry(left, others) if len(others) else {}
    upper, lower = settings.LINKAGE_UPPER, settings.LINKAGE_LOWER
    with transaction.atomic():
        ids = [entry.pk for entry in entries]
        LinkCandidate.objects.filter(entry_id__in=ids).delete()
        EntryMatch.objects.filter(entry_id__in=ids).delete()
        EntryProposal.objects.filter(entry_id__in=ids).delete()
        candidates, proposals, found, links = [], [], [], []
        # One list names a person once: the people its rows are already tied to.
        taken = set(
            EntryDecision.objects.linking()
            .filter(entry__victim_list=victim_list)
            .values_list("person_id", flat=True)
        )
        for entry in entries:
            ranked = by_entry.get(entry.pk, [])
            candidates += [
                LinkCandidate(
                    entry=entry, person_id=pid, probability=p, explanation=why
                )
                for pid, p, why in ranked[:CANDIDATES_KEPT]
            ]
            found += [
                EntryMatch(entry=entry, other_id=oid, probability=p, explanation=why)
                for oid, p, why in matches.get(entry.pk, [])[:CANDIDATES_KEPT]
            ]
            band = _band(entry, ranked, upper, lower)
            if band == EntryProposal.Band.LINKED and ranked[0][0] in taken:
                band = EntryProposal.Band.REVIEW  # a possible duplicate row
            elif band == EntryProposal.Band.LINKED:
                taken.add(ranked[0][0])
            best = ranked[0][1] if ranked else None
            proposals.append(EntryProposal(entry=entry, band=band, best=best))
            outcome.bands[entry.pk] = band
            if band == EntryProposal.Band.LINKED:
                links.append((entry, *ranked[0]))
                outcome.linked += 1
            elif band == EntryProposal.Band.REVIEW:
                outcome.review += 1
            else:
                outcome.new += 1
        LinkCandidate.objects.bulk_create(candidates)
        EntryMatch.objects.bulk_create(found)
        EntryProposal.objects.bulk_create(proposals)
        try:
            link_automatically(links, by=by)
        except WideningRefused:
            _to_review([entry for entry, *_ in links], outcome)
    return outcome


def _to_review(entries: list[ListEntry], outcome: Outcome) -> None:
    """Links that would let more people read (a public list's spelling on a
    public person) are a moderator's decision: when the run's user may not make
    it, they wait in the review queue instead."""
    EntryProposal.objects.filter(entry__in=entries).update(
        band=EntryProposal.Band.REVIEW
    )
    for entry in entries:
        outcome.bands[entry.pk] = EntryProposal.Band.REVIEW
    outcome.review += len(entries)
    outcome.linked -= len(entries)


def bits(candidate: tuple) -> float:
    """A (person, probability, explanation) candidate's match weight, less the
    prior every candidate of the entry shares."""
    return weight_in_bits(candidate[2])


def _band(entry: ListEntry, ranked: list, upper: float, lower: float) -> str:
    fitting = [c for c in ranked if c[1] >= lower]
    only_initials = not entry.given_name and bool(entry.initials)
    clear_lead = (
        len(ranked) < 2
        or ranked[1][1] < upper
        or bits(ranked[0]) - bits(ranked[1]) >= LEAD_BITS
    )
    if (
        ranked
        and ranked[0][1] >= upper
        and clear_lead
        and not (only_initials and len(fitting) > 1)
        and not _doubtful(ranked)
    ):
        return EntryProposal.Band.LINKED
    if fitting:
        return EntryProposal.Band.REVIEW
    return EntryProposal.Band.NEW


def _agreement(explanation: list[dict], field: str) -> str | None:
    """How `field` compared in a candidate's explanation; None when either side
    lacks it."""
    return next((p["agreement"] for p in explanation if p["field"] == field), None)


def _doubtful(ranked: list) -> bool:
    """Evidence a reviewer should weigh, however likely the best candidate is:
    birth years far apart, or namesakes (same surname and given name) that neither
    a patronymic nor a birth year on both sides tells apart."""
    best = ranked[0][2]
    if _agreement(best, "birth_year") == scoring.FAR_APART:
        return True
    namesakes = [
        candidate
        for candidate in ranked
        if _agreement(candidate[2], "surname") == "same"
        and _agreement(candidate[2], "given") == "same"
    ]
    told_apart = any(_agreement(best, part) for part in ("patronymic", "birth_year"))
    return len(namesakes) > 1 and not told_apart


def _best_per_person(left: pd.DataFrame, people: pd.DataFrame) -> dict:
    """entry id -> [(person id, probability, explanation)], best first; a person
    scores as their best-matching spelling. People a reviewer ruled out for the
    entry are left out."""
    pairs = scoring.score(left, people.drop(columns=["person_id"]), threshold=FLOOR)
    owner = dict(zip(people["uid"], people["person_id"], strict=True))
    ruled_out = set(
        EntryDecision.objects.filter(
            entry_id__in={entry_id(uid) for uid in left["uid"]},
            decision=EntryVerdict.NOT_THIS_PERSON,
        ).values_list("entry_id", "person_id")
    )

    def person_of(row) -> int | None:
        person = owner[row.uid_r]
        return None if (entry_id(row.uid_l), person) in ruled_out else person

    return _ranked(pairs, person_of)


def _best_per_entry(left: pd.DataFrame, others: pd.DataFrame) -> dict:
    """entry id -> [(other list's entry id, probability, explanation)] above the
    lower threshold, best first."""
    pairs = scoring.score(left, others, threshold=settings.LINKAGE_LOWER)
    return _ranked(pairs, lambda row: entry_id(row.uid_r))


def _ranked(pairs: pd.DataFrame, other_of: Callable) -> dict:
    """entry id -> [(other id, probability, explanation)], best first: each other
    (a person, or another list's entry; None leaves the pair out) scored by its
    best-matching pair of rows."""
    best: dict[int, dict[int, tuple]] = defaultdict(dict)
    for row in pairs.itertuples(index=False):
        entry, other = entry_id(row.uid_l), other_of(row)
        if other is None:
            continue
        kept = best[entry].get(other)
        if kept is None or row.match_probability > kept[0]:
            best[entry][other] = (row.match_probability, row)
    return {
        entry: sorted(
            (
                (other, round(float(p), 4), scoring.explain(row))
                for other, (p, row) in found.items()
            ),
            key=lambda candidate: (-candidate[1], -bits(candidate)),
        )
        for entry, found in best.items()
    }


def entry_id(uid: str) -> int:
    """The entry a scoring row stands for: "e12", or "e12r" read the other way."""
    return int(uid[1:].removesuffix(TURNED))


def entry_frame(entries) -> pd.DataFrame:
    """Entries as scoring rows ("e<id>"), with each field's latest annotated
    correction applied (the entry itself stays as published)."""
    entries = list(entries)
    corrections = {
        (annotation.entry_id, annotation.field): annotation.value
        for annotation in EntryAnnotation.objects.filter(
            entry__in=[entry.pk for entry in entries]
        )
        .exclude(field="")
        .order_by("created_at")
    }
    rows = []
    for entry in entries:
        value = {
            name: corrections.get((entry.pk, name), getattr(entry, name))
            for name in ListEntry.PARSED_FIELDS
        }
        initials = fold_initials(value["initials"] or "")
        given, patronymic = (
            fold(value["given_name"]),
            fold_patronymic(value["patronymic"]),
        )
        surname = fold(value["surname"])
        row = {
            "uid": f"e{entry.pk}",
            "surname_key": surname,
            "given_key": given,
            "given_initial": given[:1] or initials[:1],
            "patronymic_key": patronymic,
            "patronymic_initial": patronymic[:1] or initials[1:2],
            "birth_year": birth_year_from(value["birth_year"], value["age"]),
            "sex": value["sex"] or None,
            "event_date": value["event_date"] or None,
            "place_key": fold(value["place"] or value["facility"] or ""),
            "region_key": fold(value["region"] or ""),
        }
        rows.append(row)
        if given and surname and not patronymic and not initials:
            # Two names and nothing else: the press writes the given name first,
            # lists the surname; no ending tells them apart reliably ("Tolqyn"
            # folds like a surname in -in), so both readings are scored and each
            # candidate takes the better one.
            rows.append(
                row
                | {
                    "uid": f"e{entry.pk}{TURNED}",
                    "surname_key": given,
                    "given_key": surname,
                    "given_initial": surname[:1],
                }
            )
    return pd.DataFrame(rows, columns=scoring.COLUMNS)


def people_frame(counts: str) -> pd.DataFrame:
    """Every spelling of every current person as a scoring row, with the date and
    place of what the list counts (a detention for a list of the detained)."""
    kind = happenings.listed_as(counts)
    date_field, place_field = kind.dated_by, kind.placed_by
    events = kind.model.objects.current().filter(**{kind.owner: OuterRef("pk")})
    events = events.order_by(date_field)
    people = Person.objects.current().annotate(
        event_on=Subquery(events.values(date_field)[:1]),
        event_place=Subquery(events.values(f"{place_field}__name_en")[:1]),
    )
    facts = {
        row[0]: row[1:]
        for row in people.values_list(
            "pk",
            "sex",
            "birth_date",
            "age_at_events",
            "residence_region__name_en",
            "event_on",
            "event_place",
        )
    }
    rows = []
    spellings = NameVariant.objects.filter(person__in=people.values("pk"))
    for vid, pid, surname, given, patronymic in spellings.values_list(
        "pk", "person_id", "surname_key", "given_key", "patronymic_key"
    ):
        sex, born, age, region, event_on, place = facts[pid]
        year = birth_year_from(born.year if born else None, age)
        rows.append(
            {
                "uid": f"v{vid}",
                "person_id": pid,
                "surname_key": surname,
                "given_key": given,
                "given_initial": given[:1],
                "patronymic_key": patronymic,
                "patronymic_initial": patronymic[:1],
                "birth_year": year,
                "sex": sex if sex != Person.Sex.UNKNOWN else None,
                "event_date": event_on,
                "place_key": fold(place or ""),
                "region_key": fold(region or ""),
            }
        )
    return pd.DataFrame(rows, columns=["person_id", *scoring.COLUMNS])
