"""How people, what happened to them, places and criminal cases are written out by
the API. Names follow `Person.name_visible_at`: a person shown by initials or
pseudonym has no name fields and no name variants in the response at all."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.api import UUIDRelatedField, VisibleRecordField
from sources.serializers import CitedRecordSerializer

from .models import (
    CriminalCase,
    Death,
    Defendant,
    Detention,
    Hearing,
    Incident,
    Injury,
    NameVariant,
    Person,
    Place,
)

NAME_FIELDS = ("surname", "given_name", "patronymic", "name_variants")


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


def _ids(records) -> list[str]:
    return [str(record.uuid) for record in records]


class PersonSerializer(CitedRecordSerializer):
    name = serializers.SerializerMethodField(
        help_text="The name the caller may read: full name, initials or pseudonym."
    )
    name_variants = NameVariantSerializer(
        many=True, required=False, source="prefetched_name_variants"
    )
    residence_region = UUIDRelatedField(allow_null=True)
    residence_settlement = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Place.objects.none(),
        required=False,
        allow_null=True,
    )
    death = serializers.SerializerMethodField()
    detentions = serializers.SerializerMethodField()
    injuries = serializers.SerializerMethodField()
    torture_allegations = serializers.SerializerMethodField()
    match = serializers.SerializerMethodField()

    class Meta:
        model = Person
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
            "death",
            "detentions",
            "injuries",
            "torture_allegations",
            "match",
        ]

    def get_name(self, person: Person) -> str:
        return str(person.name_for(self.context["clearance"]))

    @extend_schema_field({"type": "string", "format": "uuid", "nullable": True})
    def get_death(self, person: Person):
        death = person.visible_death  # a one-to-one: the death or None
        return str(death.uuid) if death else None

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_detentions(self, person: Person) -> list[str]:
        return _ids(person.visible_detentions)

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_injuries(self, person: Person) -> list[str]:
        return _ids(person.visible_injuries)

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_torture_allegations(self, person: Person) -> list[str]:
        return _ids(person.visible_allegations)

    @extend_schema_field(MatchSerializer(allow_null=True))
    def get_match(self, person: Person):
        hit = self.context.get("hits", {}).get(person.pk)
        if hit is None:
            return None
        return MatchSerializer(
            {
                "spelling": str(hit.variant),
                "script": hit.variant.script,
                "exact": hit.exact,
                "score": round(hit.score, 3),
            }
        ).data

    def to_representation(self, person: Person):
        data = super().to_representation(person)
        if not person.name_visible_at(self.context["clearance"]):
            for name in NAME_FIELDS:
                data.pop(name, None)
        return data


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
