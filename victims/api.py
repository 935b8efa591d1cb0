"""API endpoints for people, what happened to them, places and criminal cases."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiExample
from drf_spectacular.utils import OpenApiParameter
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from archive.api import ReadOnlyViewSet
from archive.paging import ReferenceCursorPagination
from sources.api import RecordViewSet

from . import filters
from . import serializers
from .models import CriminalCase
from .models import Death
from .models import Defendant
from .models import Detention
from .models import Hearing
from .models import Incident
from .models import Injury
from .models import Person
from .models import Place

SEARCH_PAGE = 50  # people a name search answers on the list
EXPORT_SEARCH_LIMIT = 1000  # and in an export
SEARCH_PARAMETER = OpenApiParameter(
    "q",
    description=(
        "A name in any script or spelling (Kazakh or Russian Cyrillic, any Latin "
        "transliteration, initials, one typo). Returns up to 50 people (1,000 in "
        "the exports), best match first, each with `match`; no cursor. Combines "
        "with the other filters."
    ),
)


PERSON_EXAMPLE = OpenApiExample(
    "A person found by ?q=Toqaev (fictional)",
    response_only=True,
    value={
        "id": "9b2f1c4e-5a63-4c1e-9d2a-3f0e8b7c6d51",
        "visibility": "public",
        "created_at": "2026-02-01T10:00:00Z",
        "updated_at": "2026-03-14T08:30:00Z",
        "citations": [
            {
                "source": "0d7c5a1e-4b8f-4f3a-9e21-6c5d4b3a2f10",
                "locator": "row 112",
                "note": "",
            }
        ],
        "name": "Тоқаев Ерлан Серікұлы",
        "naming": "full",
        "surname": "Тоқаев",
        "given_name": "Ерлан",
        "patronymic": "Серікұлы",
        "name_variants": [
            {
                "surname": "Tokayev",
                "given_name": "Yerlan",
                "patronymic": "",
                "script": "Latn",
                "source": "0d7c5a1e-4b8f-4f3a-9e21-6c5d4b3a2f10",
                "note": "as on the list",
                "is_primary": False,
            }
        ],
        "sex": "male",
        "birth_precision": "year",
        "age_at_events": 27,
        "residence_region": "5e0b8c1d-2f3a-5b4c-8d7e-6f5a4b3c2d1e",
        "citizenship": "Kazakhstan",
        "role": "civilian",
        "details_visibility": "staff",
        "is_fictional": True,
        "death": "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
        "detentions": [],
        "injuries": [],
        "torture_allegations": [],
        "match": {
            "spelling": "Тоқаев Ерлан Серікұлы",
            "script": "kk-Cyrl",
            "exact": False,
            "score": 0.95,
            "partial": False,
        },
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="People",
        description=(
            "People the caller may read. Names follow recorded consent: a person "
            "shown by initials or pseudonym has no name fields or name variants."
        ),
        parameters=[SEARCH_PARAMETER],
        examples=[PERSON_EXAMPLE],
    ),
)
class PersonViewSet(RecordViewSet):
    queryset = Person.objects.all()
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    cites = False  # PersonRows reads the citations with everything else

    def _found_by_name(self, limit: int) -> tuple[list[Person], dict] | None:
        """The people `?q=` finds within the other filters, best first, with the
        serializer context that gives each its match; None without a typed name."""
        filterset = self.filterset_class(
            self.request.query_params,
            queryset=Person.objects.visible_at(self.clearance),
            request=self.request,
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        hits = filterset.search(limit=limit)
        if hits is None:
            return None
        context = {
            **self.get_serializer_context(),
            "hits": {hit.person.pk: hit for hit in hits},
        }
        return [hit.person for hit in hits], context

    def list(self, request, *args, **kwargs):
        found = self._found_by_name(limit=SEARCH_PAGE)
        if found is None:
            return super().list(request, *args, **kwargs)
        people, context = found
        data = self.get_serializer_class()(people, many=True, context=context).data
        return Response({"next": None, "previous": None, "results": data})

    def exported_rows(self, ordering: str = "pk"):
        """With `?q=`, the people the name search finds (best first, at most
        EXPORT_SEARCH_LIMIT), not everyone: an export means what the list means."""
        found = self._found_by_name(limit=EXPORT_SEARCH_LIMIT)
        if found is None:
            return super().exported_rows(ordering)
        people, context = found
        return self.get_serializer_class()(people, many=True, context=context).data


class EventViewSet(RecordViewSet):
    joined = ("person", "place")


class DeathViewSet(EventViewSet):
    """Deaths of people the caller may read: place, incident, cause, whether the
    body was returned and an autopsy done."""

    queryset = Death.objects.all()
    serializer_class = serializers.DeathSerializer
    filterset_class = filters.DeathFilter

    joined = (*EventViewSet.joined, "incident")


class InjuryViewSet(EventViewSet):
    """Injuries of people the caller may read."""

    queryset = Injury.objects.all()
    serializer_class = serializers.InjurySerializer
    filterset_class = filters.InjuryFilter

    joined = (*EventViewSet.joined, "incident")


class DetentionViewSet(EventViewSet):
    """Detentions: where and when, where the person was held, charges (Criminal
    Code articles), outcome and sentence."""

    queryset = Detention.objects.all()
    serializer_class = serializers.DetentionSerializer
    filterset_class = filters.DetentionFilter

    joined = (*EventViewSet.joined, "facility", "criminal_case")


class IncidentViewSet(RecordViewSet):
    """Incidents in time and place that deaths and injuries belong to."""

    queryset = Incident.objects.all()
    serializer_class = serializers.IncidentSerializer
    filterset_class = filters.IncidentFilter

    joined = ("place",)


class CriminalCaseViewSet(RecordViewSet):
    """Criminal cases, against protesters or against officers accused of abuse,
    with the defendants the caller may read (accused officials with their unit)
    and the hearings, with who monitored them. `?article=272` matches "272" and
    every part of it ("272 part 2")."""

    queryset = CriminalCase.objects.all()
    serializer_class = serializers.CriminalCaseSerializer
    filterset_class = filters.CriminalCaseFilter

    def related(self, queryset):
        defendants = Defendant.objects.filter(
            person__in=Person.objects.visible_at(self.clearance)
        ).select_related("person", "unit")
        hearings = Hearing.objects.select_related("monitored_by")
        return queryset.prefetch_related(
            Prefetch(
                "defendant_rows", queryset=defendants, to_attr="visible_defendants"
            ),
            Prefetch("hearings", queryset=hearings, to_attr="all_hearings"),
        )


class PlaceViewSet(ReadOnlyViewSet):
    """Regions, cities, settlements and facilities: reference data, all public."""

    queryset = Place.objects.all()
    joined = ("parent",)
    serializer_class = serializers.PlaceSerializer
    filterset_class = filters.PlaceFilter
    pagination_class = ReferenceCursorPagination
