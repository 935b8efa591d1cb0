"""The statistics sections of deaths and detentions (victims.kinds registers
them): counted from the records a viewer may see, of the people counted."""

from collections import Counter
from datetime import date

from django.utils.translation import gettext_lazy as _

from archive.tallies import UNKNOWN
from archive.tallies import Tally
from archive.tallies import by_choice
from archive.tallies import by_region
from archive.tallies import counted
from archive.visibility import Visibility
from archive.visibility import may_read

from .models import Person
from .models.choices import Cause
from .models.choices import Outcome

EVENTS_YEAR = 2022
FIRST_DAY, LAST_DAY = date(2022, 1, 4), date(2022, 1, 11)
AGE_BANDS = ((0, 17), (18, 29), (30, 44), (45, 59), (60, 200))


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


def death_sections(deaths, clearance: Visibility, regions: dict) -> list[Tally]:
    return [
        _deaths_by_day(deaths),
        by_region(
            "deaths-by-region",
            _("Deaths by region and city"),
            _("Where people died, by region or city of 2022."),
            deaths,
            regions,
        ),
        by_choice(
            "deaths-by-cause",
            _("Deaths by cause"),
            _("The cause of death as recorded."),
            counted(deaths, "cause"),
            Cause.choices,
        ),
        _deaths_by_age_and_sex(deaths, clearance),
        by_choice(
            "deaths-by-role",
            _("Deaths by role"),
            _("Civilians, law enforcement and the military among the dead."),
            counted(deaths, "person__role"),
            Person.Role.choices,
        ),
    ]


def detention_sections(detentions, clearance: Visibility, regions: dict) -> list[Tally]:
    return [
        by_region(
            "detentions-by-region",
            _("Detentions by region and city"),
            _("Where people were detained, by region or city of 2022."),
            detentions,
            regions,
        ),
        by_choice(
            "detentions-by-outcome",
            _("Detentions by outcome"),
            _("What became of each detention."),
            counted(detentions, "outcome"),
            Outcome.choices,
        ),
    ]
