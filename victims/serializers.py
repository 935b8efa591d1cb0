"""How people, what happened to them, places and criminal cases are written out by
the API. Names follow `Person.name_visible_at`: a person shown by initials or
pseudonym has no name fields and no name variants in the response at all."""

from django.db import models
from rest_framework import serializers

from archive.api import UUIDRelatedField
from archive.api import VisibleRecordField
from sources.serializers import CitedRecordSerializer

from . import happenings
from .models import CriminalCase
from .models import Death
from .models import Defendant
from .models import Detention
from .models import Hearing
from .models import Incident
from .models import Injury
from .models import NameVariant
from .models import Person
from .models import Place
from .person_rows import NAME_FIELDS
from .person_rows import PersonRows


class PlaceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    parent = UUIDRelatedField(allow_null=True)

    class Meta:
        model = Place
        fields = [
            "id",
            "kind",
            "facility_kind",
            "name_en",
            "name_kk",
            "name_ru",
            "parent",
        ]


class NameVariantSerializer(serializers.ModelSerializer):
    source = UUIDRelatedField(allow_null=True)

    class Meta:
        model = NameVariant
        fields = [
            "surname",
            "given_name",
            "patronymic",
            "script",
            "source",
            "note",
            "is_primary",
        ]


class MatchSerializer(serializers.Serializer):
    """Why a person was found by `?q=`."""

    spelling = serializers.CharField(help_text="The name spelling that matched.")
    script = serializers.ChoiceField(choices=NameVariant.Script.choices)
    exact = serializers.BooleanField(
        help_text="Every typed word met a name part exactly (no typo allowance)."
    )
    score = serializers.FloatField()
    partial = serializers.BooleanField(
        help_text=(
            "No one matched every typed word; this person matches some of them "
            "(the results are ranked by how much of the name they match)."
        )
    )


class PersonListSerializer(serializers.ListSerializer):
    """A batch of people, written with one query per kind of related row."""

    def to_representation(self, data) -> list[dict]:
        people = data.all() if isinstance(data, models.Manager) else data
        return PersonRows.for_context(self.context)(list(people))


class WhatHappenedField(serializers.ListField):
    """Kinds of what happened (victims.happenings), as a list of their values.
    DRF builds a serializer's fields anew for each instance, so the choices are
    every kind registered by then."""

    def __init__(self, **kwargs) -> None:
        choices = happenings.choices()
        kwargs.setdefault("max_length", len(choices))
        super().__init__(child=serializers.ChoiceField(choices=choices), **kwargs)


def _uuids() -> serializers.ListField:
    return serializers.ListField(child=serializers.UUIDField(), read_only=True)


class PersonSerializer(CitedRecordSerializer):
    """Declares what a person looks like in the API (the schema); the writing is
    `victims.person_rows.PersonRows`. Name fields and name variants are absent
    unless the caller may read the real name; sensitive fields unless cleared."""

    name = serializers.CharField(
        read_only=True,
        help_text="The name the caller may read: full name, initials or pseudonym.",
    )
    # Not read-only, so that the schema does not call them required: a caller not
    # cleared for the name or the details does not get them at all.
    name_variants = NameVariantSerializer(many=True, required=False)
    residence_region = UUIDRelatedField(allow_null=True)
    residence_settlement = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Place.objects.none(),
        required=False,
        allow_null=True,
    )
    match = MatchSerializer(
        read_only=True,
        allow_null=True,
        help_text="Why `?q=` found this person; null without a typed name.",
    )

    class Meta:
        model = Person
        list_serializer_class = PersonListSerializer
        fields = [
            *CitedRecordSerializer.RECORD_FIELDS,
            "name",
            "naming",
            *NAME_FIELDS,
            "sex",
            "birth_date",
            "birth_precision",
            "age_at_events",
            "residence_region",
            "residence_settlement",
            "occupation",
            "citizenship",
            "role",
            "consent_note",
            "details_visibility",
            "is_fictional",
            "match",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        """The declared fields, with what happened to the person before `match`:
        one field for each kind in victims.happenings."""
        fields = super().get_fields()
        match = fields.pop("match")
        for kind in happenings.kinds():
            fields[kind.person_field] = (
                serializers.UUIDField(read_only=True, allow_null=True)
                if kind.one_per_person
                else _uuids()
            )
        fields["match"] = match
        return fields

    def to_representation(self, person: Person) -> dict:
        return PersonRows.for_context(self.context)([person])[0]


class EventSerializer(CitedRecordSerializer):
    person = UUIDRelatedField()
    place = UUIDRelatedField(allow_null=True)

    EVENT_FIELDS = [
        *CitedRecordSerializer.RECORD_FIELDS,
        "person",
        "occurred_on",
        "occurred_precision",
        "place",
    ]


class DeathSerializer(EventSerializer):
    incident = VisibleRecordField(allow_null=True)

    class Meta:
        model = Death
        fields = [
            *EventSerializer.EVENT_FIELDS,
            "incident",
            "cause",
            "circumstances",
            "on_official_list",
            "body_returned",
            "autopsy",
        ]


class InjurySerializer(EventSerializer):
    incident = VisibleRecordField(allow_null=True)

    class Meta:
        model = Injury
        fields = [*EventSerializer.EVENT_FIELDS, "incident", "cause", "description"]


class DetentionSerializer(EventSerializer):
    facility = UUIDRelatedField(allow_null=True)
    criminal_case = VisibleRecordField(allow_null=True)

    class Meta:
        model = Detention
        fields = [
            *EventSerializer.EVENT_FIELDS,
            "facility",
            "released_on",
            "released_precision",
            "charges",
            "criminal_case",
            "outcome",
            "sentence",
        ]


class IncidentSerializer(CitedRecordSerializer):
    place = UUIDRelatedField()

    class Meta:
        model = Incident
        fields = [
            *CitedRecordSerializer.RECORD_FIELDS,
            "title_en",
            "title_kk",
            "title_ru",
            "occurred_on",
            "occurred_precision",
            "place",
            "description",
        ]


class DefendantSerializer(serializers.ModelSerializer):
    person = UUIDRelatedField()
    unit = UUIDRelatedField(
        allow_null=True, help_text="For an accused official: their unit."
    )

    class Meta:
        model = Defendant
        fields = ["person", "role", "articles", "outcome", "sentence", "unit"]


class HearingSerializer(serializers.ModelSerializer):
    monitored_by = UUIDRelatedField(allow_null=True)

    class Meta:
        model = Hearing
        fields = ["held_on", "court", "what_happened", "monitored_by"]


class CriminalCaseSerializer(CitedRecordSerializer):
    defendants = DefendantSerializer(
        many=True, read_only=True, source="visible_defendants"
    )
    hearings = HearingSerializer(many=True, read_only=True, source="all_hearings")

    class Meta:
        model = CriminalCase
        fields = [
            *CitedRecordSerializer.RECORD_FIELDS,
            "number",
            "court",
            "articles",
            "opened_on",
            "outcome",
            "summary",
            "monitoring_notes",
            "details_visibility",
            "defendants",
            "hearings",
        ]
