"""How organisations, sources, citations and figures are written out by the API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.api import RecordSerializer
from archive.api import UUIDRelatedField

from .models import Citation
from .models import Figure
from .models import ListEntry
from .models import Organisation
from .models import Source
from .models import VictimList


class CitationBriefSerializer(serializers.ModelSerializer):
    """Where a fact is said: the source and the place in it."""

    source = UUIDRelatedField()

    class Meta:
        model = Citation
        fields = ["source", "locator", "note"]


class CitedRecordSerializer(RecordSerializer):
    """A record with the citations of sources the caller may read."""

    citations = CitationBriefSerializer(
        many=True, read_only=True, source="visible_citations"
    )

    RECORD_FIELDS = [*RecordSerializer.RECORD_FIELDS, "citations"]


class OrganisationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "name_kk", "name_ru", "kind", "url"]


class SourceSerializer(RecordSerializer):
    publishers = UUIDRelatedField(many=True)

    class Meta:
        model = Source
        fields = [
            *RecordSerializer.RECORD_FIELDS,
            "reference",
            "kind",
            "title",
            "publishers",
            "published_on",
            "published_precision",
            "language",
            "url",
            "sha256",
            "reliability_note",
        ]


class VictimListSerializer(SourceSerializer):
    compiled_by = UUIDRelatedField()
    entry_count = serializers.IntegerField(
        read_only=True, help_text="Rows of the list kept in the archive."
    )

    class Meta:
        model = VictimList
        fields = [
            *[name for name in SourceSerializer.Meta.fields if name != "kind"],
            "compiled_by",
            "as_of",
            "as_of_precision",
            "counts",
            "claimed_count",
            "entry_count",
            "notes",
        ]


class ListEntrySerializer(serializers.ModelSerializer):
    """A row as published (`columns`: [header, text] pairs in the published order)
    and the fields parsed from it for matching."""

    columns = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(allow_blank=True))
    )

    class Meta:
        model = ListEntry
        fields = ["row_number", "columns", *ListEntry.PARSED_FIELDS]


class CitationSerializer(serializers.ModelSerializer):
    """One citation: which record states a fact on the strength of which source."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    source = UUIDRelatedField()
    record_type = serializers.SerializerMethodField(
        help_text="What the cited record is: person, death, detention, ..."
    )
    record = serializers.SerializerMethodField(help_text="The cited record's id.")

    class Meta:
        model = Citation
        fields = ["id", "source", "record_type", "record", "locator", "note"]
        fields += ["created_at"]

    def get_record_type(self, citation: Citation) -> str:
        return citation.content_type.model

    @extend_schema_field({"type": "string", "format": "uuid"})
    def get_record(self, citation: Citation) -> str:
        return str(citation.record_uuid)  # annotated by the viewset


class FigureSerializer(CitedRecordSerializer):
    claimant = UUIDRelatedField()

    class Meta:
        model = Figure
        fields = [
            *CitedRecordSerializer.RECORD_FIELDS,
            "metric",
            "value",
            "qualifier",
            "includes",
            "includes_kk",
            "includes_ru",
            "claimant",
            "as_of",
            "note",
            "note_kk",
            "note_ru",
        ]
