"""The statistics as JSON (the same counts as the page, at the caller's clearance)
and the list of public releases."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from archive.api import PAGING_PARAMETERS
from archive.api import refuse_unknown_parameters
from archive.paging import KeysetPagination
from archive.visibility import request_clearance

from .models import Release
from .releases import LICENCE
from .summary import shown_estimates
from .summary import summary

TIMELINE_KEYS = ["as_of", "value", "group", "claimant", "metric", "qualifier"]
EXAMPLE = {
    "demo_only": False,
    "tallies": [
        {
            "key": "deaths-by-cause",
            "title": "Deaths by cause",
            "description": "The cause of death as recorded.",
            "columns": [],
            "rows": [
                {"label": "Gunshot", "count": 2},
                {"label": "Beating", "count": 1},
            ],
        }
    ],
    "lists": [
        {
            "id": "0b1c6a2e-5a8e-4f55-9a41-5b8f1b6f8a10",
            "title": "An invented list",
            "claimed": 221,
            "entries": 3,
            "linked_people": 2,
        }
    ],
    "timeline": [
        {
            "as_of": "2022-07-29",
            "value": 188,
            "group": "Independent",
            "claimant": "Radio Azattyq",
            "metric": "Dead people listed by name",
            "qualifier": "exactly",
            "source_url": "https://archive.example/en/sources/…/",
        }
    ],
    "estimates": [],
}


class StatisticsView(APIView):
    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(request, {"format"})

    @extend_schema(
        summary="Statistics",
        description=(
            "The statistics page's counts at the caller's clearance: deaths by day, "
            "region, cause, age band and sex, and role; detentions by region and "
            "outcome; torture allegations by facility kind, method, complaint and "
            "official status; each list's claimed count beside its entries and "
            "linked people; the counts of the dead over time with their sources; "
            "and the estimates of the uncounted the caller may see (experimental). "
            "Fictional demo records are left out unless they are all there is "
            "(then `demo_only` is true)."
        ),
        responses=inline_serializer(
            "Statistics",
            {
                "demo_only": serializers.BooleanField(),
                "tallies": serializers.ListField(child=serializers.DictField()),
                "lists": serializers.ListField(child=serializers.DictField()),
                "timeline": serializers.ListField(child=serializers.DictField()),
                "estimates": serializers.ListField(child=serializers.DictField()),
            },
        ),
        examples=[OpenApiExample("Statistics", value=EXAMPLE)],
        filters=False,
    )
    def get(self, request):
        clearance = request_clearance(request)
        content = summary(clearance, request.build_absolute_uri)
        stats = content.statistics
        return Response(
            {
                "demo_only": stats.demo_only,
                "tallies": [
                    {
                        "key": item.key,
                        "title": item.title,
                        "description": item.description,
                        "columns": item.columns,
                        "rows": [
                            {"label": label, "counts" if item.columns else "count": n}
                            for label, n in item.rows
                        ],
                    }
                    for item in stats.tallies
                ],
                "lists": [
                    {
                        "id": str(c.victim_list.uuid),
                        "title": c.victim_list.title,
                        "claimed": c.claimed,
                        "entries": c.entries,
                        "linked_people": c.linked_people,
                    }
                    for c in stats.lists
                ],
                "timeline": [
                    {
                        **{key: point[key] for key in TIMELINE_KEYS},
                        "source_url": request.build_absolute_uri(point["href"])
                        if point["href"]
                        else None,
                    }
                    for point in content.timeline
                ],
                "estimates": [
                    {
                        "lists": [str(v.uuid) for v in made.lists.all()],
                        "computed_at": made.computed_at,
                        "published_at": made.published_at,
                        "experimental": True,
                        **made.result,
                    }
                    for made in shown_estimates(clearance)
                ],
            }
        )


class ReleasePagination(KeysetPagination):
    ordering = ("number",)


class ReleaseSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The release's page.")
    files = serializers.SerializerMethodField(
        help_text="Each file: its path, size, SHA-256 and download address."
    )
    licence = serializers.SerializerMethodField()

    class Meta:
        model = Release
        fields = ["number", "created_at", "rows", "changes", "files", "licence", "url"]

    def get_url(self, release: Release) -> str:
        return self.context["request"].build_absolute_uri(release.get_absolute_url())

    def get_files(self, release: Release) -> list[dict]:
        request = self.context["request"]
        return [
            {
                **entry,
                "url": request.build_absolute_uri(
                    reverse(
                        "reports:release_file", args=[release.number, entry["path"]]
                    )
                ),
            }
            for entry in release.files
        ]

    def get_licence(self, release: Release) -> dict:
        return LICENCE


@extend_schema_view(
    list=extend_schema(
        summary="Releases",
        description=(
            "Numbered, immutable datasets of the public records (CSV and JSON as a "
            "Frictionless Data Package), by number, with every file's SHA-256."
        ),
    ),
    retrieve=extend_schema(summary="One release"),
)
class ReleaseViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Release.objects.all()
    serializer_class = ReleaseSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    filter_backends = []
    pagination_class = ReleasePagination

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            refuse_unknown_parameters(request, PAGING_PARAMETERS)
