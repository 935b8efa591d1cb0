"""API endpoints for organisations, sources, citations and figures."""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case
from django.db.models import Count
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import Subquery
from django.db.models import UUIDField
from django.db.models import When
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from archive.api import ReadOnlyViewSet
from archive.api import cited_models
from archive.api import refuse_format_suffix
from archive.paging import ReferenceCursorPagination
from archive.visibility import Visibility

from . import filters
from . import serializers
from .models import Citation
from .models import Figure
from .models import ListEntry
from .models import Organisation
from .models import Source
from .models import VictimList


def citations_prefetch(clearance: Visibility) -> Prefetch:
    """A record's citations the caller may read in full, as `visible_citations`."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.shown_at(clearance),
        to_attr="visible_citations",
    )


class RecordViewSet(ReadOnlyViewSet):
    """Records the caller may read, with the citations they may read."""

    cites = True

    def get_queryset(self):
        queryset = self.related(self.queryset.model.objects.visible_at(self.clearance))
        if self.cites:
            queryset = queryset.prefetch_related(citations_prefetch(self.clearance))
        return queryset


class OrganisationViewSet(ReadOnlyViewSet):
    """NGOs, media, state bodies and units that publish sources or claim figures."""

    queryset = Organisation.objects.all()
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    pagination_class = ReferenceCursorPagination


class SourceViewSet(RecordViewSet):
    """Documents that report facts. Files are not served through the API."""

    queryset = Source.objects.all()
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    cites = False
    prefetched = ("publishers",)


class EntryPagination(ReferenceCursorPagination):
    ordering = ("row_number",)


class VictimListViewSet(RecordViewSet):
    """Published lists of the killed, detained, injured or tortured, each with what
    it counts, the number it claims and how many of its rows the archive keeps.
    A list's entries are as readable as the list."""

    queryset = VictimList.objects.all()
    serializer_class = serializers.VictimListSerializer
    filterset_class = filters.VictimListFilter
    cites = False

    prefetched = ("publishers",)

    def related(self, queryset):
        return super().related(queryset).annotate(entry_count=Count("entries"))

    @extend_schema(
        summary="The entries of one list",
        description="Every row as published, in row order, with its parsed fields.",
        responses=serializers.ListEntrySerializer(many=True),
        filters=False,
    )
    @action(detail=True, pagination_class=EntryPagination, filterset_class=None)
    def entries(self, request, uuid=None, format=None):  # noqa: A002 (DRF's name)
        refuse_format_suffix(format)
        victim_list = self.get_object()
        rows = ListEntry.objects.filter(victim_list=victim_list)
        page = self.paginate_queryset(rows)
        data = serializers.ListEntrySerializer(page, many=True).data
        return self.get_paginated_response(data)


class CitationViewSet(ReadOnlyViewSet):
    """Citations the caller may read: both the source and the cited record must be
    readable, and the record not about a person whose name the caller may not read
    (the citation would locate them in the source)."""

    queryset = Citation.objects.all()
    serializer_class = serializers.CitationSerializer
    filterset_class = filters.CitationFilter
    pagination_class = ReferenceCursorPagination

    def get_queryset(self):
        types = {
            model: ContentType.objects.get_for_model(model) for model in cited_models()
        }
        # One EXISTS per row, looked up by primary key, not IN (every visible record):
        # a page stops after its 50 rows instead of hashing whole tables first
        # (3 s a page at 1,000,000 people, #18). The key is matched as a range of one
        # (id >= object_id AND id <= object_id): an index answers it like equality,
        # but PostgreSQL cannot turn it into a hashed subplan over the whole table,
        # which it still chose for the larger tables (130 ms a page at 100,000).
        readable_records = reduce(
            or_,
            (
                Q(content_type=content_type)
                & Exists(
                    model.objects.visible_at(self.clearance).filter(
                        pk__gte=OuterRef("object_id"), pk__lte=OuterRef("object_id")
                    )
                )
                for model, content_type in types.items()
            ),
        )
        record_uuid = Case(
            *(
                When(
                    content_type=content_type,
                    then=Subquery(
                        model.objects.filter(pk=OuterRef("object_id")).values("uuid")
                    ),
                )
                for model, content_type in types.items()
            ),
            output_field=UUIDField(),
        )
        return (
            Citation.objects.shown_at(self.clearance)
            .filter(readable_records)
            .select_related("content_type")
            .annotate(record_uuid=record_uuid)
        )


class FigureViewSet(RecordViewSet):
    """Numbers claimed by someone as of a date: the official toll, the lists' counts."""

    queryset = Figure.objects.all()
    serializer_class = serializers.FigureSerializer
    filterset_class = filters.FigureFilter

    joined = ("claimant",)
