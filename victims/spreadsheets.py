"""People and their deaths and detentions as spreadsheet rows (CSV, XLSX).

One row is one person as a list records them. The staff admin imports a sheet with a
preview; a row with any error is shown with its messages and nothing is imported.
Every imported row must name the source it comes from (a Source reference), which
every fact created from the row cites. Imported people are staff-only until published.
"""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from archive.dates import DatePrecision
from archive.models import Answer
from sources.models import Citation, Source

from .models import Cause, Death, Detention, NameVariant, Outcome, Person, Place
from .names import guess_script


def _death(person: Person) -> Death | None:
    return getattr(person, "death", None)


def _detention(person: Person) -> Detention | None:
    """The first detention (a row holds one; export prefetches them)."""
    detentions = list(person.detentions.all())
    return detentions[0] if detentions else None


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _place(place: Place | None) -> str:
    return place.name_en if place else ""


# The event columns of a row: which event each comes from, and how it is written.
EVENT_COLUMNS = {
    "death_date": (_death, lambda death: _day(death.occurred_on)),
    "death_place": (_death, lambda death: _place(death.place)),
    "death_cause": (_death, lambda death: death.cause),
    "on_official_list": (_death, lambda death: death.on_official_list),
    "detained_on": (_detention, lambda detention: _day(detention.occurred_on)),
    "detention_place": (_detention, lambda detention: _place(detention.place)),
    "facility": (_detention, lambda detention: _place(detention.facility)),
    "charges": (_detention, lambda detention: ", ".join(detention.charges)),
    "outcome": (_detention, lambda detention: detention.outcome),
    "sentence": (_detention, lambda detention: detention.sentence),
}


def _exported(event_of, written):
    """A column's export: the written value of the person's event, or ""."""

    def dehydrate(person: Person) -> str:
        event = event_of(person)
        return written(event) if event else ""

    return dehydrate


class ChoiceWidget(widgets.Widget):
    """A code from a TextChoices class, e.g. "gunshot"; anything else is an error."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if not text:
            return None
        if text not in self.choices.values:
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s")
                % {"value": value, "allowed": ", ".join(self.choices.values)}
            )
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


def find_place(name: str, kinds: list[str]) -> Place:
    """A place by its English, Kazakh or Russian name; ValueError if unknown."""
    text = name.strip()
    matches = Place.objects.filter(
        Q(name_en__iexact=text) | Q(name_kk__iexact=text) | Q(name_ru__iexact=text),
        kind__in=kinds,
    )
    found = list(matches[:2])
    if len(found) != 1:
        raise ValueError(
            _("Unknown place “%(name)s”: use a name from the places list.")
            % {"name": text}
        )
    return found[0]


class UUIDWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a record id.") % {"value": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return str(value) if value else ""


class PlaceWidget(widgets.Widget):
    def __init__(self, kinds: list[str], **kwargs):
        self.kinds = kinds
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return find_place(str(value), self.kinds) if value else None

    def render(self, value, obj=None, **kwargs):
        return value.name_en if value else ""


def _parse_date(value: str, column: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            {column: _("“%(value)s” is not a date like 2022-01-05.") % {"value": value}}
        ) from None


class PersonResource(resources.ModelResource):
    id = fields.Field(
        attribute="uuid", column_name="id", widget=UUIDWidget(), saves_null_values=False
    )
    sex = fields.Field(
        attribute="sex", column_name="sex", widget=ChoiceWidget(Person.Sex)
    )
    role = fields.Field(
        attribute="role", column_name="role", widget=ChoiceWidget(Person.Role)
    )
    birth_year = fields.Field(column_name="birth_year")
    region = fields.Field(
        attribute="residence_region",
        column_name="region",
        widget=PlaceWidget(["region", "city"]),
    )
    settlement = fields.Field(
        attribute="residence_settlement",
        column_name="settlement",
        widget=PlaceWidget(["city", "settlement"]),
    )
    other_spellings = fields.Field(column_name="other_spellings")
    source = fields.Field(column_name="source")
    locator = fields.Field(column_name="locator")

    class Meta:
        model = Person
        import_id_fields = ["id"]
        fields = [
            "id",
            "surname",
            "given_name",
            "patronymic",
            "sex",
            "birth_year",
            "age_at_events",
            "role",
            "region",
            "settlement",
            "occupation",
            "citizenship",
            "other_spellings",
            *EVENT_COLUMNS,
            "source",
            "locator",
        ]
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for column, (event_of, written) in EVENT_COLUMNS.items():
            self.fields[column] = fields.Field(
                column_name=column, dehydrate_method=_exported(event_of, written)
            )

    def get_instance(self, instance_loader, row):
        if not str(row.get("id") or "").strip():
            return None
        return super().get_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        if instance._state.adding and str(row.get("id") or "").strip():
            errors["id"] = [
                _("No person has this id; leave it empty for a new person.")
            ]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.spreadsheet_row = self._parse_row(row)
            if year := str(row.get("birth_year") or "").strip():
                if not year.isdigit() or not 1900 <= int(year) <= 2022:
                    raise ValidationError(
                        {"birth_year": _("A year between 1900 and 2022.")}
                    )
                instance.birth_date = date(int(year), 1, 1)
                instance.birth_precision = DatePrecision.YEAR
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _parse_row(self, row) -> dict:
        """Check the source and event columns; returns them cleaned."""
        text = {key: str(value or "").strip() for key, value in row.items()}
        reference = text.get("source", "")
        source = Source.objects.current().filter(reference=reference).first()
        if source is None:
            raise ValidationError(
                {
                    "source": _(
                        "Give the reference of this row's source (unknown: “%(ref)s”)."
                    )
                    % {"ref": reference}
                }
            )
        parsed = {"source": source, "locator": text.get("locator", "")}

        def place(column: str, kinds: list[str]) -> Place | None:
            try:
                return find_place(text[column], kinds) if text.get(column) else None
            except ValueError as error:
                raise ValidationError({column: str(error)}) from None

        def choice(column: str, choices) -> str | None:
            try:
                return ChoiceWidget(choices).clean(text.get(column))
            except ValueError as error:
                raise ValidationError({column: str(error)}) from None

        if text.get("death_date") or text.get("death_place") or text.get("death_cause"):
            parsed["death"] = {
                "occurred_on": _parse_date(text["death_date"], "death_date")
                if text.get("death_date")
                else None,
                "place": place("death_place", ["city", "settlement", "facility"]),
                "cause": choice("death_cause", Cause) or Cause.UNKNOWN,
                "on_official_list": choice("on_official_list", Answer) or "unknown",
            }
        if text.get("detained_on") or text.get("facility") or text.get("charges"):
            parsed["detention"] = {
                "occurred_on": _parse_date(text["detained_on"], "detained_on")
                if text.get("detained_on")
                else None,
                "place": place("detention_place", ["city", "settlement"]),
                "facility": place("facility", ["facility"]),
                "charges": [
                    c.strip() for c in text.get("charges", "").split(",") if c.strip()
                ],
                "outcome": choice("outcome", Outcome) or Outcome.UNKNOWN,
                "sentence": text.get("sentence", ""),
            }
        parsed["spellings"] = [
            s.strip() for s in text.get("other_spellings", "").split(";") if s.strip()
        ]
        return parsed

    def after_save_instance(self, instance, row, **kwargs):
        parsed = instance.spreadsheet_row
        cited = [instance]
        if death := parsed.get("death"):
            record, _ = Death.objects.update_or_create(person=instance, defaults=death)
            cited.append(record)
        if detention := parsed.get("detention"):
            record, _ = Detention.objects.update_or_create(
                person=instance,
                occurred_on=detention.pop("occurred_on"),
                defaults=detention,
            )
            cited.append(record)
        for spelling in parsed["spellings"]:
            surname, _, rest = spelling.partition(" ")
            given_name, _, patronymic = rest.partition(" ")
            NameVariant.objects.get_or_create(
                person=instance,
                surname=surname,
                given_name=given_name,
                patronymic=patronymic,
                defaults={"script": guess_script(spelling), "source": parsed["source"]},
            )
        for record in cited:
            Citation.objects.cite(record, parsed["source"], locator=parsed["locator"])

    @staticmethod
    def with_related(queryset):
        """What export reads for each person, fetched in a fixed number of queries."""
        return queryset.select_related(
            "death__place", "residence_region", "residence_settlement"
        ).prefetch_related(
            "name_variants",
            "citations__source",
            "detentions__place",
            "detentions__facility",
        )

    def get_queryset(self):
        return self.with_related(Person.objects.all())

    def _citation(self, person: Person) -> Citation | None:
        citations = list(person.citations.all())
        return citations[0] if citations else None

    def dehydrate_birth_year(self, person: Person) -> str:
        return str(person.birth_date.year) if person.birth_date else ""

    def dehydrate_other_spellings(self, person: Person) -> str:
        return "; ".join(str(variant) for variant in person.name_variants.all())

    def dehydrate_source(self, person: Person) -> str:
        citation = self._citation(person)
        return citation.source.reference if citation else ""

    def dehydrate_locator(self, person: Person) -> str:
        citation = self._citation(person)
        return citation.locator if citation else ""
