"""People as the API writes them (lists, one person, name search, exports and
releases): a batch of Person rows, and one values() query per kind of thing they
refer to.

DRF's declarative serializer built a model instance for every name variant, event,
citation and source, then walked its fields object by object: about 1 ms a person,
most of a page's time and 14 minutes for an export of 1,000,000 people (#18). This
reads plain tuples instead and writes the same dicts. The rules stay the model's:
`Person.name_visible_at` and `name_for` decide the name, `details_visible_at` the
sensitive fields, `visible_at` and `readable_at` what is listed. PersonSerializer
documents the shape (the OpenAPI schema) and hands its work to `PersonRows`.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import tzinfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from archive.lookups import AnyOf
from archive.models import Record
from archive.visibility import Visibility
from sources.models import Citation

from . import happenings
from .models import NameVariant
from .models import Person
from .models import Place

NAME_FIELDS = ("surname", "given_name", "patronymic", "name_variants")


def events_by_field() -> dict[str, type[Record]]:
    """What happened to a person, by the field of the person's row that lists it,
    in the order of victims.happenings."""
    return {kind.person_field: kind.model for kind in happenings.kinds()}


def single_event_fields() -> set[str]:
    """The fields that name one record (a death), not a list of them."""
    return {kind.person_field for kind in happenings.kinds() if kind.one_per_person}


def _moment(value: datetime | None, zone: tzinfo) -> str | None:
    """As DRF's DateTimeField writes a moment (ISO 8601 in the current time zone,
    "Z" for UTC), with the zone looked up once a batch rather than per value."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _text(value) -> str | None:
    return None if value is None else str(value)


@dataclass
class _Batch:
    """What a batch of people refers to, by person pk (places by place pk)."""

    named: set[int]  # people whose real name the caller may read
    places: dict[int, str]
    variants: dict[int, list[dict]]
    citations: dict[int, list[dict]]
    events: dict[str, dict[int, list[str]]]
    singles: set[str]  # event fields that name one record, not a list
    zone: tzinfo


class PersonRows:
    """Call with a sequence of people (loaded rows, any order) to get their API
    dicts in the same order; `hits` (person pk → search hit) adds each `match`."""

    def __init__(self, clearance: Visibility, hits: dict | None = None) -> None:
        self.clearance = clearance
        self.hits = hits or {}

    @classmethod
    def for_context(cls, context: dict) -> "PersonRows":
        """As a serializer's context asks: its clearance, and its search hits."""
        return cls(context["clearance"], context.get("hits"))

    def __call__(self, people: Sequence[Person]) -> list[dict]:
        if not people:
            return []
        named = {
            person.pk for person in people if person.name_visible_at(self.clearance)
        }
        # What happened to a person is listed only when the person is readable:
        # the owner half of `visible_at`, checked here on the loaded rows, which
        # spares each query a join that the planner misjudges at scale.
        readable = [
            person.pk for person in people if person.readable_at(self.clearance)
        ]
        batch = _Batch(
            places=self._place_ids(people),
            named=named,
            variants=self._variants(list(named)),
            citations=self._citations(list(named)),
            events={
                name: self._events(model, readable)
                for name, model in events_by_field().items()
            },
            singles=single_event_fields(),
            zone=timezone.get_current_timezone(),
        )
        return [self._row(person, batch) for person in people]

    def _place_ids(self, people: Sequence[Person]) -> dict[int, str]:
        """Public ids of the places the people live in (reference data, public)."""
        wanted = {
            place_id
            for person in people
            for place_id in (person.residence_region_id, person.residence_settlement_id)
            if place_id is not None
        }
        if not wanted:
            return {}
        rows = Place.objects.filter(pk__in=wanted).values_list("pk", "uuid")
        return {pk: str(uuid) for pk, uuid in rows}

    def _variants(self, person_ids: list[int]) -> dict[int, list[dict]]:
        """Spellings of the people whose name the caller may read, readable to them."""
        found = defaultdict(list)
        if not person_ids:
            return found
        rows = (
            NameVariant.objects.readable_at(self.clearance)
            .filter(AnyOf(F("person_id"), person_ids))
            .order_by("id")
            .values_list(
                "person_id",
                "surname",
                "given_name",
                "patronymic",
                "script",
                "source__uuid",
                "note",
                "is_primary",
            )
        )
        for (
            person_id,
            surname,
            given,
            patronymic,
            script,
            source,
            note,
            primary,
        ) in rows:
            found[person_id].append(
                {
                    "surname": surname,
                    "given_name": given,
                    "patronymic": patronymic,
                    "script": script,
                    "source": _text(source),
                    "note": note,
                    "is_primary": primary,
                }
            )
        return found

    def _citations(self, person_ids: list[int]) -> dict[int, list[dict]]:
        """Citations of the people from sources the caller may read, for people
        whose name the caller may read: the others' would locate them
        (`Record.names_withheld_at`)."""
        found = defaultdict(list)
        if not person_ids:
            return found
        rows = (
            Citation.objects.of_readable_sources(self.clearance)
            .filter(
                AnyOf(F("object_id"), person_ids),
                content_type=ContentType.objects.get_for_model(Person),
            )
            .order_by("id")
            .values_list("object_id", "source__uuid", "locator", "note")
        )
        for person_id, source, locator, note in rows:
            found[person_id].append(
                {"source": str(source), "locator": locator, "note": note}
            )
        return found

    def _events(self, model, person_ids: list[int]) -> dict[int, list[str]]:
        """Public ids of the (readable) people's records of `model` the caller
        may read, in the model's own order."""
        owner = f"{model.OWNER}_id"
        found = defaultdict(list)
        if not person_ids:
            return found
        rows = (
            model.objects.readable_at(self.clearance)
            .filter(AnyOf(F(owner), person_ids))
            .order_by(*model._meta.ordering)
            .values_list(owner, "uuid")
        )
        for person_id, uuid in rows:
            found[person_id].append(str(uuid))
        return found

    def _row(self, person: Person, batch: _Batch) -> dict:
        pk = person.pk
        zone, events, places = batch.zone, batch.events, batch.places
        row = {
            "id": str(person.uuid),
            "visibility": person.visibility,
            "created_at": _moment(person.created_at, zone),
            "updated_at": _moment(person.updated_at, zone),
            "citations": batch.citations.get(pk, []),
            "name": str(person.name_for(self.clearance)),
            "naming": person.naming,
            "surname": person.surname,
            "given_name": person.given_name,
            "patronymic": person.patronymic,
            "name_variants": batch.variants.get(pk, []),
            "sex": person.sex,
            "birth_date": _day(person.birth_date),
            "birth_precision": person.birth_precision,
            "age_at_events": person.age_at_events,
            "residence_region": places.get(person.residence_region_id),
            "residence_settlement": places.get(person.residence_settlement_id),
            "occupation": person.occupation,
            "citizenship": person.citizenship,
            "role": person.role,
            "consent_note": person.consent_note,
            "details_visibility": person.details_visibility,
            "is_fictional": person.is_fictional,
            **{field: events[field].get(pk, []) for field in events},
            "match": self._match(pk),
        }
        for field in batch.singles:
            row[field] = row[field][0] if row[field] else None
        if pk not in batch.named:
            for name in NAME_FIELDS:
                del row[name]
        if not person.details_visible_at(self.clearance):
            for name in Person.SENSITIVE_FIELDS:
                del row[name]
        return row

    def _match(self, pk: int) -> dict | None:
        hit = self.hits.get(pk)
        if hit is None:
            return None
        return {
            "spelling": str(hit.variant),
            "script": hit.variant.script,
            "exact": hit.exact,
            "score": round(hit.score, 3),
            "partial": hit.partial,
        }
