"""The statistics of the archive, counted from the records a viewer may read.

Every tally starts from `visible_at(clearance)`: a staff-only death changes the
staff's statistics, never the public's. Ages come only from people whose details
the viewer may read (a birth date is a sensitive detail); others count as "age not
known". Fictional demo people are left out, unless they are all there is: then they
are counted and the page says so.
"""

from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from allegations.models import Method
from allegations.models import TortureAllegation
from archive.models import Answer
from archive.visibility import Visibility
from archive.visibility import may_read
from sources.models import Figure
from sources.models import VictimList
from victims.models import Death
from victims.models import Detention
from victims.models import EntryDecision
from victims.models import Person
from victims.models import Place
from victims.models.choices import Cause
from victims.models.choices import Outcome

EVENTS_YEAR = 2022
FIRST_DAY, LAST_DAY = date(2022, 1, 4), date(2022, 1, 11)
AGE_BANDS = ((0, 17), (18, 29), (30, 44), (45, 59), (60, 200))
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


def _by_choice(counter: Counter, choices) -> list[tuple[str, int]]:
    """Counts in the order of the choices, then anything else, dropping zeros."""
    rows = [(str(label), counter.pop(value, 0)) for value, label in choices]
    rows += [(str(value), count) for value, count in sorted(counter.items())]
    return [(label, count) for label, count in rows if count]


def _by_count(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _day_label(day: date | None) -> str:
    if day is None:
        return str(_("Date not known"))
    if day < FIRST_DAY:
        return str(_("Before 4 January"))
    if day > LAST_DAY:
        return str(_("After 11 January"))
    return str(_("%(day)s January") % {"day": day.day})


def _deaths_by_day(deaths) -> Tally:
    """Every day from 4 to 11 January (zeros included), then before, after and
    not known when there are any."""
    days = [
        _day_label(date(2022, 1, d)) for d in range(FIRST_DAY.day, LAST_DAY.day + 1)
    ]
    counts = Counter(
        _day_label(day) for day in deaths.values_list("occurred_on", flat=True)
    )
    before, after, unknown = (
        _day_label(day) for day in (date(2022, 1, 1), date(2022, 1, 12), None)
    )
    return Tally(
        "deaths-by-day",
        str(_("Deaths by day")),
        str(_("Deaths recorded on each day from 4 to 11 January 2022, and after.")),
        [(before, counts[before])] * bool(counts[before])
        + [(label, counts[label]) for label in days]
        + [(label, counts[label]) for label in (after, unknown) if counts[label]],
    )


def _age_band(age: int | None) -> str:
    if age is None:
        return str(UNKNOWN)
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}+" if high >= 200 else f"{low}–{high}"
    return str(UNKNOWN)


def _deaths_by_age_and_sex(deaths, clearance: Visibility) -> Tally:
    sexes = list(Person.Sex.choices)
    bands = [_age_band(low) for low, _high in AGE_BANDS] + [str(UNKNOWN)]
    table = {band: Counter() for band in bands}
    rows = deaths.values_list(
        "person__sex",
        "person__age_at_events",
        "person__birth_date",
        "person__details_visibility",
    )
    for sex, age, birth_date, details in rows:
        if not may_read(clearance, details):
            age = None
        elif age is None and birth_date is not None:
            age = EVENTS_YEAR - birth_date.year
        table[_age_band(age)][sex] += 1
    return Tally(
        "deaths-by-age-and-sex",
        str(_("Deaths by age and sex")),
        str(
            _(
                "Age in January 2022, where the person's details may be shown; "
                "others are counted as age not known."
            )
        ),
        [(band, [table[band][value] for value, _ in sexes]) for band in bands],
        columns=[str(label) for _, label in sexes],
    )


def tally(clearance: Visibility) -> Statistics:
    """Everything the statistics page shows, at `clearance`."""
    people, demo_only = _people(clearance)
    regions = _region_names()
    deaths = Death.objects.visible_at(clearance).filter(person__in=people)
    detentions = Detention.objects.visible_at(clearance).filter(person__in=people)
    allegations = TortureAllegation.objects.visible_at(clearance).filter(
        victim__in=people
    )

    def by_region(key, title, description, records) -> Tally:
        places = records.values_list("place_id", flat=True)
        rows = _by_count(Counter(regions[place] for place in places))
        return Tally(key, str(title), str(description), rows)

    def by_choice(key, title, description, values, choices) -> Tally:
        return Tally(key, str(title), str(description), _by_choice(values, choices))

    def flat(records, field: str) -> Counter:
        return Counter(records.values_list(field, flat=True))

    facilities = Counter(
        kind or "unknown"
        for kind in allegations.values_list("facility__facility_kind", flat=True)
    )
    methods = Counter(
        method
        for named in allegations.values_list("methods", flat=True)
        for method in named
    )
    tallies = [
        _deaths_by_day(deaths),
        by_region(
            "deaths-by-region",
            _("Deaths by region and city"),
            _("Where people died, by region or city of 2022."),
            deaths,
        ),
        by_choice(
            "deaths-by-cause",
            _("Deaths by cause"),
            _("The cause of death as recorded."),
            flat(deaths, "cause"),
            Cause.choices,
        ),
        _deaths_by_age_and_sex(deaths, clearance),
        by_choice(
            "deaths-by-role",
            _("Deaths by role"),
            _("Civilians, law enforcement and the military among the dead."),
            flat(deaths, "person__role"),
            Person.Role.choices,
        ),
        by_region(
            "detentions-by-region",
            _("Detentions by region and city"),
            _("Where people were detained, by region or city of 2022."),
            detentions,
        ),
        by_choice(
            "detentions-by-outcome",
            _("Detentions by outcome"),
            _("What became of each detention."),
            flat(detentions, "outcome"),
            Outcome.choices,
        ),
        by_choice(
            "allegations-by-facility",
            _("Torture allegations by kind of facility"),
            _("Where the alleged torture took place, by kind of facility."),
            facilities,
            [*Place.FacilityKind.choices, ("unknown", UNKNOWN)],
        ),
        by_choice(
            "allegations-by-method",
            _("Torture allegations by method"),
            _("Methods alleged; one allegation may name several."),
            methods,
            Method.choices,
        ),
        by_choice(
            "allegations-by-complaint",
            _("Torture allegations: was a complaint filed?"),
            _("Whether the person filed a complaint."),
            flat(allegations, "complaint_filed"),
            Answer.choices,
        ),
        by_choice(
            "allegations-by-official-status",
            _("Torture allegations: officially recognised as a victim?"),
            _("Whether the authorities recognised the person as a victim."),
            flat(allegations, "official_victim_status"),
            Answer.choices,
        ),
    ]
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
