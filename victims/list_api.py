"""The API of victim lists as the victims side sees them: each entry with the person
it is linked to, where the caller may see them, and the discrepancy report.

sources.api serves the lists as documents; this subclass adds what only the links
(kept here) can tell, so that sources points to nothing above it.
"""

import uuid

from drf_spectacular.utils import OpenApiExample
from drf_spectacular.utils import OpenApiParameter
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from archive.api import refuse_format_suffix
from archive.visibility import Visibility
from sources.api import EntryPagination
from sources.api import VictimListViewSet
from sources.models import ListEntry
from sources.models import VictimList
from sources.serializers import ListEntrySerializer

from .discrepancies import compare
from .models import EntryDecision

NAME_FIELDS = ("name_as_written", "surname", "given_name", "patronymic", "initials")


class LinkedEntrySerializer(ListEntrySerializer):
    """An entry with its linked person. Below staff, the names and the row as
    published, and the link itself, are given only when the entry is linked to a
    person whose name the caller may read (consent on record); otherwise
    `name_withheld` is true and `person` null: which row of a published list is a
    person identifies them as surely as their name."""

    person = serializers.SerializerMethodField(
        help_text="The linked person's id and name, if the caller may read both."
    )
    name_withheld = serializers.SerializerMethodField()

    class Meta(ListEntrySerializer.Meta):
        fields = [*ListEntrySerializer.Meta.fields, "person", "name_withheld"]

    def _person(self, entry):
        person = self.context["people"].get(entry.pk)
        clearance = self.context["clearance"]
        if person is None or not person.readable_at(clearance):
            return None
        return None if person.names_withheld_at(clearance) else person

    def _withheld(self, entry) -> bool:
        if self.context["clearance"] == Visibility.STAFF:
            return False
        return self._person(entry) is None

    def get_person(self, entry) -> dict | None:
        person = self._person(entry)
        if person is None:
            return None
        return {
            "id": str(person.uuid),
            "name": person.name_for(self.context["clearance"]),
        }

    def get_name_withheld(self, entry) -> bool:
        return self._withheld(entry)

    def to_representation(self, entry):
        data = super().to_representation(entry)
        if data["name_withheld"]:
            data["columns"] = []
            data.update(dict.fromkeys(NAME_FIELDS, ""))
        return data


def linked_entries(entries: list[ListEntry], clearance, context=None) -> list[dict]:
    """`entries` serialised at `clearance`, each with its linked person (one query
    for all of them)."""
    tied = (
        EntryDecision.objects.linking()
        .filter(entry__in=[entry.pk for entry in entries])
        .select_related("person")
    )
    context = {
        **(context or {}),
        "clearance": clearance,
        "people": {decision.entry_id: decision.person for decision in tied},
    }
    return LinkedEntrySerializer(entries, many=True, context=context).data


COMPARISON_EXAMPLE = {
    "lists": ["2f6c…", "9a01…"],
    "overlap": [
        {"lists": ["2f6c…"], "count": 40},
        {"lists": ["9a01…"], "count": 7},
        {"lists": ["2f6c…", "9a01…"], "count": 181},
    ],
    "conflicts": [
        {
            "person": "5d1e…",
            "name": "Тоқаев Ерлан",
            "field": "birth_year",
            "values": [
                {"list": "2f6c…", "row": 12, "value": "1990"},
                {"list": "9a01…", "row": 88, "value": "1993"},
            ],
        }
    ],
    "unlisted_count": 3,
    "unreviewed": {"2f6c…": 0, "9a01…": 12},
}


class LinkedVictimListViewSet(VictimListViewSet):
    @extend_schema(
        summary="The entries of one list",
        description=(
            "Every row as published, in row order, with its parsed fields and the "
            "person it is linked to where the caller may see them. Below staff, "
            "the names are given only for entries linked to a person named with "
            "consent (`name_withheld`)."
        ),
        responses=LinkedEntrySerializer(many=True),
        filters=False,
    )
    @action(detail=True, pagination_class=EntryPagination, filterset_class=None)
    def entries(self, request, uuid=None, format=None):  # noqa: A002 (DRF's name)
        refuse_format_suffix(format)
        victim_list = self.get_object()
        page = self.paginate_queryset(ListEntry.objects.filter(victim_list=victim_list))
        data = linked_entries(page, self.clearance, self.get_serializer_context())
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Where two or three lists disagree",
        description=(
            "Who is on exactly which of the lists (people linked to entries; an "
            "entry not yet linked counts for its own list only), the fields the "
            "lists give differently for the same person, how many of the archive's "
            "people are on none of them, and how many entries are still "
            "unreviewed. Only lists the caller may read."
        ),
        parameters=[
            OpenApiParameter(
                "lists",
                str,
                many=True,
                required=True,
                description="Two or three list ids (repeat the parameter).",
            )
        ],
        responses=inline_serializer(
            "ListComparison",
            {
                "lists": serializers.ListField(child=serializers.UUIDField()),
                "overlap": serializers.ListField(child=serializers.DictField()),
                "conflicts": serializers.ListField(child=serializers.DictField()),
                "unlisted_count": serializers.IntegerField(),
                "unreviewed": serializers.DictField(child=serializers.IntegerField()),
            },
        ),
        examples=[OpenApiExample("Two lists", value=COMPARISON_EXAMPLE)],
        filters=False,
    )
    @action(detail=False, pagination_class=None, filterset_class=None)
    def compare(self, request, format=None):  # noqa: A002 (DRF's name)
        refuse_format_suffix(format)
        wanted = request.query_params.getlist("lists")
        if not 2 <= len(set(wanted)) <= 3:
            raise ValidationError({"lists": ["Give two or three list ids."]})
        try:
            wanted = [uuid.UUID(value) for value in wanted]
        except ValueError as error:
            raise ValidationError({"lists": ["Not a list id."]}) from error
        readable = VictimList.objects.visible_at(self.clearance)
        lists = list(readable.filter(uuid__in=wanted).order_by("as_of", "title"))
        if len(lists) != len(set(wanted)):
            raise ValidationError({"lists": ["No such list."]})
        return Response(_comparison_data(compare(lists, self.clearance)))


def _comparison_data(report) -> dict:
    return {
        "lists": [str(v.uuid) for v in report.lists],
        "overlap": [
            {"lists": [str(v.uuid) for v in chosen], "count": count}
            for chosen, count in report.overlap
        ],
        "conflicts": [
            {
                "person": str(conflict.person.uuid),
                "name": conflict.name,
                "field": conflict.field,
                "values": [
                    {
                        "list": str(value.victim_list.uuid),
                        "row": value.row_number,
                        "value": value.text,
                    }
                    for value in conflict.values
                ],
            }
            for conflict in report.conflicts
        ],
        "unlisted_count": report.unlisted_count,
        "unreviewed": {str(v.uuid): report.unreviewed[v.pk] for v in report.lists},
    }
