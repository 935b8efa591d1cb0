"""API filters for torture allegations."""

import django_filters
from django.utils.translation import gettext_lazy as _

from archive.api import RecordFilter
from archive.api import by_uuid
from archive.api import date_range
from victims.filters import place_filter

from .models import Method
from .models import TortureAllegation


class TortureAllegationFilter(RecordFilter):
    victim = by_uuid(_("Person"), "victim")
    facility = place_filter(
        _("Facility, or any facility within this place"), "facility"
    )
    method = django_filters.MultipleChoiceFilter(
        label=_("Any of these methods"), choices=Method.choices, method="filter_methods"
    )
    perpetrator_unit = by_uuid(_("Alleged perpetrator unit"), "perpetrator_unit")
    date_from, date_to = date_range("started_on")

    class Meta:
        model = TortureAllegation
        fields = ["outcome", "complaint_filed", "case_opened", "official_victim_status"]

    def filter_methods(self, queryset, name, methods):
        return queryset.filter(methods__overlap=methods)
