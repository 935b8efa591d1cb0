"""People and their deaths and detentions as spreadsheet rows (CSV, XLSX): the
django-import-export resource of the admin's import and export of people.

One row is one person as a list records them. The staff admin imports a sheet of up
to PERSON_IMPORT_PREVIEW_ROWS rows with a preview (larger sheets go to the
background import, victims.actions.person_sheets, which checks rows the same way);
a row with any error is shown with all its messages and nothing is imported.
Every imported row must name the source it comes from (a Source reference), which
every fact created from the row cites. Imported people are staff-only until published.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields
from import_export import resources
from import_export import widgets

from archive.widening import refuse_widening
from sources.models import Citation

from .actions.person_sheets import SheetChecker
from .actions.person_sheets import spelling_script
from .models import Death
from .models import Detention
from .models import NameVariant
from .models import Person
from .models import Place
from .models.people import NAME_PARTS


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
    """A place written by its English name (import reads it with SheetChecker)."""

    def render(self, value, obj=None, **kwargs):
        return _place(value)


class PersonResource(resources.ModelResource):
    id = fields.Field(
        attribute="uuid", column_name="id", widget=UUIDWidget(), saves_null_values=False
    )
    sex = fields.Field(attribute="sex", column_name="sex")
    role = fields.Field(attribute="role", column_name="role")
    birth_year = fields.Field(column_name="birth_year")
    region = fields.Field(
        attribute="residence_region",
        column_name="region",
        widget=PlaceWidget(),
    )
    settlement = fields.Field(
        attribute="residence_settlement",
        column_name="settlement",
        widget=PlaceWidget(),
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

    def before_import(self, dataset, **kwargs):
        if len(dataset) > settings.PERSON_IMPORT_PREVIEW_ROWS:
            raise ValueError(
                _(
                    "This sheet has %(rows)d rows: send it with “Spreadsheet "
                    "imports of people” → Add, which imports it in the background "
                    "(at most %(limit)d rows here, with a preview)."
                )
                % {"rows": len(dataset), "limit": settings.PERSON_IMPORT_PREVIEW_ROWS}
            )
        self.checker = SheetChecker()

    def import_instance(self, instance, row, **kwargs):
        """Every check of the sheet import (victims.actions.person_sheets), every
        error of the row at once; a row with an id corrects that person."""
        has_id = bool(str(row.get("id") or "").strip())
        checked = self.checker.check(kwargs.get("row_number") or 0, dict(row))
        errors: dict[str, list[str]] = {}
        for column, message in checked.errors:
            if column != "id":  # an id corrects that person here
                errors.setdefault(column, []).append(message)
        if has_id and instance._state.adding:
            errors["id"] = [
                _("No person has this id; leave it empty for a new person.")
            ]
        if errors:
            raise ValidationError(errors)
        for name, value in checked.person.items():
            setattr(instance, name, value)
        instance.spreadsheet_row = checked

    def save_instance(self, instance, is_create, row, **kwargs):
        """The person and what the row adds to them (after_save_instance), as one
        write that may not widen who reads unless the importer is a moderator
        (archive.widening); a refusal is the row's error."""
        with refuse_widening(by=kwargs["user"], records=[instance]):
            super().save_instance(instance, is_create, row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        checked = instance.spreadsheet_row
        cited = [instance]
        if checked.death:
            record, _ = Death.objects.update_or_create(
                person=instance, defaults=checked.death
            )
            cited.append(record)
        if checked.detention:
            detention = dict(checked.detention)
            record, _ = Detention.objects.update_or_create(
                person=instance,
                occurred_on=detention.pop("occurred_on"),
                defaults=detention,
            )
            cited.append(record)
        for parts in checked.spellings:
            spelling = dict(zip(NAME_PARTS, parts, strict=True))
            if not instance.name_variants.filter(**spelling).exists():
                NameVariant.objects.create(
                    person=instance,
                    **spelling,
                    script=spelling_script(parts),
                    source=checked.source,
                )
        for record in cited:
            Citation.objects.cite(record, checked.source, locator=checked.locator)

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
