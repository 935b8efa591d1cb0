"""The one list of what happens to people, kind by kind (deaths, detentions,
injuries, torture allegations, and any kind an app adds).

Each app registers its kinds when it loads (`AppConfig.ready`): victims its own,
allegations torture allegations, a new app a new kind. A registration carries
everything that lists the kinds: the record model, the API's resource and viewset
(its serializer and filter with it), the person page's section, the statistics
sections, what erasure empties, what a list counts and what a public submission
makes of it. The URLs, releases, person rows and pages, search filters,
submissions, erasure, statistics, audiences and tests iterate over `kinds()`, so
that a kind is added by one app and never by editing theirs.
"""

from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

from django.db.models import Model
from django.db.models import Q
from django.db.models import QuerySet
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import Promise
from django.utils.text import capfirst

from archive.visibility import Visibility


@dataclass(frozen=True, eq=False)
class Kind:
    """One kind of what happened to a person."""

    # As the search filters, the submission form and moderation name it.
    value: str
    label: str | Promise
    model: type[Model]
    # The API's resource (/api/v1/<resource>/) and the release's table of it.
    resource: str
    viewset: type
    # What a person's API row calls the person's records of this kind.
    person_field: str
    # The template of one record's section on a person's page; it gets `record`,
    # `details` (may the viewer read its sensitive fields) and `clearance`.
    section: str
    one_per_person: bool = False  # a person has one death, but many detentions
    # The fields that date and place a record (list linkage compares them).
    dated_by: str = "occurred_on"
    placed_by: str = "place"
    # The fields that put a record at a place: that place's page lists it, under
    # `heading` (the model's plural name if not given).
    located_by: tuple[str, ...] = ("place",)
    heading: str | Promise | None = None
    # What a victim list counts when it counts this kind (VictimList.Counts).
    listed_as: str | None = None
    # Related rows a person's page needs with each record, besides the person.
    joined: tuple[str, ...] = ()
    # The statistics sections: records visible to the viewer (of the people
    # counted), the clearance, and each place id's region name -> Tally list.
    statistics: Callable[[QuerySet, Visibility, dict], list] | None = None
    # What erasing a person empties in each of their records.
    erased: Mapping[str, object] = field(default_factory=dict)
    # The record a public submission reporting this makes (None: nothing to make).
    from_submission: Callable[[Model, Model], Model | None] | None = None

    @property
    def owner(self) -> str:
        """The field naming the person the record is about."""
        return self.model.OWNER

    @property
    def list_heading(self) -> str:
        return self.heading or capfirst(self.model._meta.verbose_name_plural)

    def at_place(self, place, clearance: Visibility) -> QuerySet:
        """The records `clearance` may see that `located_by` puts at `place`."""
        where = Q()
        for name in self.located_by:
            where |= Q(**{name: place})
        return (
            self.model.objects.visible_at(clearance)
            .filter(where)
            .select_related(self.owner)
        )

    def records_of(self, person, clearance: Visibility) -> list:
        """The person's records of this kind that `clearance` may see, in order."""
        return list(
            self.model.objects.visible_at(clearance)
            .filter(**{self.owner: person})
            .select_related(self.owner, *self.joined)
        )


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Declare a kind; registered twice under one value is a programming error."""
    if kind.value in _kinds and _kinds[kind.value] != kind:
        raise ValueError(f"Two kinds are registered as {kind.value!r}.")
    _kinds[kind.value] = kind


def kinds() -> list[Kind]:
    """Every registered kind, in the order the apps registered them."""
    return list(_kinds.values())


def kind(value: str) -> Kind:
    """The kind registered as `value`; LookupError if no app registered it."""
    if value not in _kinds:
        raise LookupError(f"No app records what happened: {value}")
    return _kinds[value]


def dated_events() -> list[Kind]:
    """The kinds whose records are events on a day (victims' `Event`: deaths,
    detentions, injuries, and a new kind built on it): what "the date of a
    person's events" means, for the date filter and the date sort alike."""
    from .models.events import Event

    return [k for k in _kinds.values() if issubclass(k.model, Event)]


def choices() -> list[tuple[str, str | Promise]]:
    """(value, label) of every kind: the choices of forms, filters and the API."""
    return [(str(k.value), k.label) for k in _kinds.values()]


class KindChoices(BaseChoiceIterator):
    """`choices()`, read each time it is iterated: for form and filter fields made
    before every app has registered its kinds (and seen so by the API schema)."""

    def __iter__(self):
        yield from choices()


KIND_CHOICES = KindChoices()


def listed_as(counts: str) -> Kind:
    """The kind a victim list counts (VictimList.Counts)."""
    for registered in _kinds.values():
        if registered.listed_as == counts:
            return registered
    raise LookupError(f"No kind is counted by lists of {counts}")
