"""What every endpoint of the partner API shares: who is calling, what they may read,
how lists are paged and throttled, how records and their citations are written out.

Each app has its own serializers.py, filters.py and api.py built on these; the one
router is in archive/urls.py. Visibility is decided only by `visible_at(clearance)`
and `Record.details_visible_at`; a field the caller may not read is left out of the
response, not blanked.
"""

from collections.abc import Iterator
from datetime import UTC
from datetime import timedelta

import django_filters
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions
from rest_framework import serializers
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from . import exports
from .models import Record
from .visibility import Visibility
from .visibility import request_clearance


class ArchiveSchema(AutoSchema):
    """Exports are documented as lists: the list's filters (`filters=True` on each
    export action), and the JSON export an array of the list's rows."""

    EXPORTS = {"export_csv": "csv", "export_json": "json"}

    def _export(self) -> str | None:
        """The export's format, when the view is a viewset's export action."""
        return self.EXPORTS.get(getattr(self.view, "action", None))

    def get_response_serializers(self):
        """The JSON export answers an array of the list's rows."""
        if self._export() == "json":
            return self.view.get_serializer(many=True)
        return super().get_response_serializers()

    def get_operation_id(self) -> str:
        if export := self._export():
            return f"{self.view.basename}_export_{export}"
        return super().get_operation_id()

    def get_summary(self) -> str | None:
        """Unless an operation names itself, a viewset's list and one-record
        operations are named after its model ("Deaths", "One death"), in English
        like the rest of the schema."""
        action = getattr(self.view, "action", None)
        queryset = getattr(self.view, "queryset", None)
        if action not in ("list", "retrieve") or queryset is None:
            return super().get_summary()
        with translation.override("en"):
            if action == "list":
                return capfirst(queryset.model._meta.verbose_name_plural)
            return f"One {queryset.model._meta.verbose_name}"


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "archive.access.PartnerTokenAuthentication"
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A partner token, `qa_<prefix>_<secret>`, issued by an administrator."
            ),
        }


# Examples the published schema gives for parameters, by name, then by type.
EXAMPLE_UUID = "9b2f1c4e-5a63-4c1e-9d2a-3f0e8b7c6d51"
EXAMPLES_BY_NAME = {
    "q": "Toqaev Erlan",
    "page_size": 100,
    "charge": "272",
    "article": "293 part 2",
    "record_type": "person",
    "uuid": EXAMPLE_UUID,
}
EXAMPLES_BY_FORMAT = {
    "uuid": EXAMPLE_UUID,
    "date": "2022-01-05",
    "date-time": "2022-01-05T00:00:00Z",
}
PATH_AND_FORMAT_HELP = {
    "uuid": "The record's public id.",
    "format": "csv or json: the same as the Accept header.",
    "cursor": "The `next` or `previous` link of the page before; opaque.",
}


def _example(name: str, schema: dict):
    if name in EXAMPLES_BY_NAME:
        return EXAMPLES_BY_NAME[name]
    if schema.get("type") == "array":
        item = _example(name, schema.get("items", {}))
        return None if item is None else [item]
    if schema.get("enum"):
        return schema["enum"][0]
    return EXAMPLES_BY_FORMAT.get(schema.get("format"))


def document_parameters(result, generator, request, public):
    """drf-spectacular hook: an example for every parameter that can have one, and a
    description for those DRF adds itself (path id, format, cursor)."""
    for operations in result["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                if name in PATH_AND_FORMAT_HELP:
                    parameter.setdefault("description", PATH_AND_FORMAT_HELP[name])
                example = _example(name, parameter.get("schema", {}))
                if example is not None:
                    parameter.setdefault("example", example)
    return result


ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "An error: `detail` says what went wrong and `status` repeats the HTTP "
        "status; a 400 names each bad parameter or field with its messages."
    ),
    "properties": {"detail": {"type": "string"}, "status": {"type": "integer"}},
    "additionalProperties": True,
}
ERRORS = {
    "400": "A parameter or field is not valid; each is named with its messages.",
    "401": "The token is unknown, revoked or expired.",
    "403": "The token lacks the scope this needs.",
    "404": "No such record, or none the caller may read; or a cursor that is not "
    "one the API gave.",
    "429": "Too many requests: try again after the seconds in Retry-After.",
    "503": "The archive is briefly unavailable: try again after Retry-After.",
}


def document_errors(result, generator, request, public):
    """drf-spectacular hook: every operation documents the errors the API answers
    (archive.api.exception_handler's JSON), in the content types of its success."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
        ERROR_SCHEMA
    )
    reference = {"schema": {"$ref": "#/components/schemas/Error"}}
    for operations in result["paths"].values():
        for operation in operations.values():
            success = next(iter(operation["responses"].values()), {})
            types = {"application/json", *success.get("content", {})}
            for code, description in ERRORS.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": dict.fromkeys(sorted(types), reference),
                    },
                )
    return result


def exception_handler(error, context):
    """DRF's JSON errors, with the status code in the body too."""
    response = drf_exception_handler(error, context)
    if response is not None and isinstance(response.data, dict):
        response.data.setdefault("status", response.status_code)
    return response


class UUIDRelatedField(serializers.SlugRelatedField):
    """A related object by its public id."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", read_only=True, **kwargs)


@extend_schema_field({"type": "string", "format": "uuid", "nullable": True})
class VisibleRecordField(UUIDRelatedField):
    """A related record's public id, or null when the caller may not read it."""

    def to_representation(self, record):
        clearance = self.context["clearance"]
        if not record.readable_at(clearance):
            return None
        return super().to_representation(record)


class RecordSerializer(serializers.ModelSerializer):
    """Public id and visibility; drops the record's SENSITIVE_FIELDS for callers not
    cleared for its details."""

    id = serializers.UUIDField(source="uuid", read_only=True)

    RECORD_FIELDS = ["id", "visibility", "created_at", "updated_at"]

    def to_representation(self, record):
        data = super().to_representation(record)
        if not record.details_visible_at(self.context["clearance"]):
            for name in record.SENSITIVE_FIELDS:
                data.pop(name, None)
        return data


MAX_UTC_OFFSET = timedelta(hours=14)  # Kiribati; the furthest any clock is from UTC


class MomentField(IsoDateTimeField):
    """An ISO 8601 moment, in UTC. An offset no clock uses (PostgreSQL refuses those
    past 15:59) is a field error, not a database error."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        try:
            if offset is None or abs(offset) > MAX_UTC_OFFSET:
                raise ValueError
            return moment.astimezone(UTC)
        except (ValueError, OverflowError) as error:
            raise ValidationError(
                _("Give a date and time with a real UTC offset, e.g. %(example)s.")
                % {"example": "2022-01-05T00:00:00+05:00"},
                code="invalid",
            ) from error


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


FROM, UNTIL = _("From"), _("Until")


def date_range(
    field_name: str, after=FROM, before=UNTIL
) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    """A pair of filters, on or after and on or before a date: `x_from, x_to =
    date_range("x")` (the API's documented parameter names)."""
    return (
        django_filters.DateFilter(
            label=after, field_name=field_name, lookup_expr="gte"
        ),
        django_filters.DateFilter(
            label=before, field_name=field_name, lookup_expr="lte"
        ),
    )


def by_uuid(label, related: str, **options) -> django_filters.UUIDFilter:
    """Rows whose `related` record has this public id."""
    return django_filters.UUIDFilter(
        label=label, field_name=f"{related}__uuid", **options
    )


class RecordFilter(django_filters.FilterSet):
    updated_since = MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Changed at or after this time (ISO 8601), for incremental sync"),
    )


def cited_models() -> list[type[Record]]:
    """Every record model that cites sources."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Record) and model.REQUIRES_CITATION
    ]


EXPORT_DESCRIPTION = (
    "Every record the caller may read, with the same filters as the list (for "
    "people, a name search `q` gives up to 1,000 people it finds, best first), "
    "streamed in one response. The CSV's last line is a check: `# end of export: "
    "N rows; sha256 of the lines above: …`; a file without it was cut off. The JSON "
    "is one array: a cut-off file does not parse."
)


def refuse_format_suffix(suffix: str | None) -> None:
    """An export's name is its format: `export.csv.json` is no resource (404)."""
    if suffix is not None:
        raise NotFound


# Parameters every list and export takes besides its filters.
PAGING_PARAMETERS = {"cursor", "page_size", "format"}
FILTERED_ACTIONS = {"list", "export_csv", "export_json"}


def refuse_unknown_parameters(request, known: set[str]) -> None:
    """A 400 naming each query parameter not in `known`, with what is: every API
    list, export and report refuses what it would otherwise silently ignore."""
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise exceptions.ValidationError(
            {
                name: [
                    _("Unknown parameter. This endpoint takes: %(names)s.")
                    % {"names": ", ".join(sorted(known))}
                ]
                for name in unknown
            }
        )


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and retrieve by public id. Subclasses set `queryset` to the base rows,
    `joined` and `prefetched` to what their serializer reads, and may extend
    `related()` with prefetches of their own.

    A list or export given a parameter it does not know answers 400 naming it: a
    misspelt filter (`?charge=` where the filter is `article`) silently ignored
    hands a partner the whole table as if it were the filtered one."""

    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"
    joined: tuple[str, ...] = ()
    prefetched: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if self.action not in FILTERED_ACTIONS:
            return
        known = PAGING_PARAMETERS
        if self.filterset_class is not None:
            known = known | set(self.filterset_class.base_filters)
        refuse_unknown_parameters(request, known)

    @property
    def clearance(self) -> Visibility:
        return request_clearance(self.request)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "clearance": self.clearance}

    def related(self, queryset):
        """The base rows with the joins the serializer reads: `joined` (one row
        each) and `prefetched` (many)."""
        return queryset.select_related(*self.joined).prefetch_related(*self.prefetched)

    def get_queryset(self):
        return self.related(super().get_queryset())

    def exported_rows(self, ordering: str = "pk") -> Iterator[dict]:
        """Every row the caller may read, through the same filters, serialised. The
        filters are checked here, before the response starts (a bad one is a 400)."""
        queryset = self.filter_queryset(self.get_queryset()).order_by(ordering)
        records = queryset.iterator(chunk_size=exports.CHUNK)
        return (
            row
            for batch in exports.batches(records, exports.CHUNK)
            for row in self.get_serializer(batch, many=True).data
        )

    def _export_name(self, extension: str) -> str:
        return f"qantar-{self.basename}.{extension}"

    @extend_schema(
        summary="Export as CSV",
        description=EXPORT_DESCRIPTION,
        responses={(200, "text/csv"): OpenApiTypes.STR},
        filters=True,
    )
    @action(
        detail=False,
        url_path="export.csv",
        pagination_class=None,
        renderer_classes=[JSONRenderer, exports.CSVRenderer],
    )
    def export_csv(self, request, format=None):  # noqa: A002 (DRF's name)
        refuse_format_suffix(format)
        columns = list(self.get_serializer().fields)
        return exports.streamed(
            exports.csv_lines(columns, self.exported_rows()),
            content_type="text/csv; charset=utf-8",
            filename=self._export_name("csv"),
        )

    @extend_schema(
        summary="Export as JSON", description=EXPORT_DESCRIPTION, filters=True
    )
    @action(detail=False, url_path="export.json", pagination_class=None)
    def export_json(self, request, format=None):  # noqa: A002 (DRF's name)
        refuse_format_suffix(format)
        return exports.streamed(
            exports.json_lines(self.exported_rows()),
            content_type="application/json",
            filename=self._export_name("json"),
        )
