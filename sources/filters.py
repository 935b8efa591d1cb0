"""API filters for organisations, sources, citations and figures."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from archive.api import RecordFilter
from archive.api import by_uuid
from archive.api import cited_models
from archive.api import date_range

from .models import Citation
from .models import Figure
from .models import Organisation
from .models import Source
from .models import VictimList


class OrganisationFilter(django_filters.FilterSet):
    class Meta:
        model = Organisation
        fields = ["kind"]


class SourceFilter(RecordFilter):
    publisher = by_uuid(_("Published by"), "publishers", distinct=True)
    published_from, published_to = date_range(
        "published_on", _("Published on or after"), _("Published on or before")
    )

    class Meta:
        model = Source
        fields = ["kind", "language"]


def _record_types() -> list[tuple[str, str]]:
    return [
        (model._meta.model_name, model._meta.model_name) for model in cited_models()
    ]


class CitationFilter(django_filters.FilterSet):
    source = by_uuid(_("Source"), "source")
    record_type = extend_schema_field(
        {
            "type": "string",
            "description": "Kind of cited record: person, death, detention, ...",
        }
    )(
        django_filters.ChoiceFilter(
            label=_("Kind of cited record: person, death, detention, ..."),
            choices=_record_types,
            method="filter_type",
        )
    )

    class Meta:
        model = Citation
        fields = []

    def filter_type(self, queryset, name, model_name):
        model = next(m for m in cited_models() if m._meta.model_name == model_name)
        return queryset.filter(content_type=ContentType.objects.get_for_model(model))


class FigureFilter(RecordFilter):
    claimant = by_uuid(_("Claimed by (organisation)"), "claimant")
    as_of_from, as_of_to = date_range(
        "as_of", _("As of this date or later"), _("As of this date or earlier")
    )

    class Meta:
        model = Figure
        fields = ["metric", "qualifier"]


class VictimListFilter(RecordFilter):
    compiled_by = by_uuid(_("Compiled by (organisation)"), "compiled_by")

    class Meta:
        model = VictimList
        fields = ["counts"]
