"""The statistics of the archive, counted from the records a viewer may read.

Every tally starts from `visible_at(clearance)`: a staff-only death changes the
staff's statistics, never the public's. Ages come only from people whose details
the viewer may read (a birth date is a sensitive detail); others count as "age not
known". Fictional demo people are left out, unless they are all there is: then they
are counted and the page says so.
"""

from dataclasses import dataclass

from django.db.models import Count

from archive.tallies import UNKNOWN
from archive.tallies import Tally
from archive.visibility import Visibility
from sources.models import Figure
from sources.models import VictimList
from victims import happenings
from victims.models import EntryDecision
from victims.models import Person
from victims.models import Place


@dataclass
class ListCount:
    victim_list: VictimList
    claimed: int | None
    entries: int
    linked_people: int


@dataclass
class Statistics:
    tallies: list[Tally]
    lists: list[ListCount]
    demo_only: bool  # only fictional demo people are visible, and they are counted
    figures: list[Figure]


def _people(clearance: Visibility):
    """The people counted at `clearance`, and whether they are demo people only."""
    people = Person.objects.visible_at(clearance)
    real = people.filter(is_fictional=False)
    if real.exists() or not people.exists():
        return real, False
    return people, True


def _region_names() -> dict[int | None, str]:
    """Every place id -> the name of its region or city of 2022 (places sit at most
    two levels under one)."""
    places = {place.pk: place for place in Place.objects.all()}
    top_kinds = (Place.Kind.REGION, Place.Kind.CITY)

    def region(place: Place | None) -> str:
        for _step in range(3):
            if place is None:
                break
            if place.kind in top_kinds:
                return place.name
            place = places.get(place.parent_id)
        return str(UNKNOWN)

    names = {pk: region(place) for pk, place in places.items()}
    names[None] = str(UNKNOWN)
    return names


def tally(clearance: Visibility) -> Statistics:
    """Everything the statistics page shows, at `clearance`: each kind's sections
    (victims.happenings), the lists and the figures."""
    people, demo_only = _people(clearance)
    regions = _region_names()
    tallies = []
    for kind in happenings.kinds():
        if kind.statistics is not None:
            records = kind.model.objects.visible_at(clearance).filter(
                **{f"{kind.owner}__in": people}
            )
            tallies += kind.statistics(records, clearance, regions)
    figures = list(
        Figure.objects.visible_at(clearance)
        .filter(
            metric__in=[
                Figure.Metric.DEATHS_TOTAL,
                Figure.Metric.DEATHS_LISTED_BY_NAME,
            ]
        )
        .select_related("claimant")
        .order_by("as_of", "metric", "value")
    )
    return Statistics(tallies, _list_counts(clearance, people), demo_only, figures)


def _list_counts(clearance: Visibility, people) -> list[ListCount]:
    """Each readable list: its claimed count, its entries, and how many of the
    people counted at `clearance` are linked to them."""
    lists = list(
        VictimList.objects.visible_at(clearance)
        .annotate(entry_count=Count("entries"))
        .order_by("as_of", "title")
    )
    linked = dict(
        EntryDecision.objects.linking()
        .filter(entry__victim_list__in=lists, person__in=people)
        .values("entry__victim_list")
        .annotate(people=Count("person", distinct=True))
        .values_list("entry__victim_list", "people")
    )
    return [
        ListCount(v, v.claimed_count, v.entry_count, linked.get(v.pk, 0)) for v in lists
    ]
