"""The fictional kind's API: a serializer, a filter and a viewset, as any kind has."""

from archive.tallies import by_region
from victims.api import EventViewSet
from victims.filters import EventFilter
from victims.serializers import EventSerializer

from .models import Disappearance


class DisappearanceSerializer(EventSerializer):
    class Meta:
        model = Disappearance
        fields = [
            *EventSerializer.EVENT_FIELDS,
            "last_seen_by",
            "account",
            "details_visibility",
        ]


class DisappearanceFilter(EventFilter):
    class Meta:
        model = Disappearance
        fields = ["last_seen_by"]


class DisappearanceViewSet(EventViewSet):
    """Disappearances (a fictional kind that only the test suite installs)."""

    queryset = Disappearance.objects.all()
    serializer_class = DisappearanceSerializer
    filterset_class = DisappearanceFilter


def disappearance_sections(records, clearance, regions) -> list:
    return [
        by_region(
            "disappearances-by-region",
            "Disappearances by region and city",
            "Where people were last seen.",
            records,
            regions,
        )
    ]
