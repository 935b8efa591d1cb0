"""How torture allegations are written out by the API. Testimony and what is said
of the perpetrators are left out for callers not cleared for the details."""

from archive.api import UUIDRelatedField
from archive.api import VisibleRecordField
from sources.serializers import CitedRecordSerializer

from .models import TortureAllegation


class TortureAllegationSerializer(CitedRecordSerializer):
    victim = UUIDRelatedField()
    detention = VisibleRecordField(allow_null=True)
    facility = UUIDRelatedField(allow_null=True)
    perpetrator_unit = UUIDRelatedField(allow_null=True)
    criminal_case = VisibleRecordField(allow_null=True)

    class Meta:
        model = TortureAllegation
        fields = [
            *CitedRecordSerializer.RECORD_FIELDS,
            "victim",
            "detention",
            "facility",
            "started_on",
            "started_precision",
            "ended_on",
            "methods",
            "other_methods",
            "perpetrator_unit",
            "perpetrator_description",
            "complaint_filed",
            "case_opened",
            "criminal_case",
            "official_victim_status",
            "pressure_to_withdraw",
            "outcome",
            "testimony",
            "details_visibility",
        ]
