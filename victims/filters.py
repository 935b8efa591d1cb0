"""Filters beside the name search, shared by the search page and (later) the API.

Every filter on what happened goes through `visible_at`: filtering by "killed" must not
reveal a death the viewer may not see.
"""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from archive.visibility import Visibility, clearance_of
from sources.models import Source

from .models import Death, Detention, Injury, Person, Place


class Happened:
    KILLED = "killed"
    DETAINED = "detained"
    INJURED = "injured"
    TORTURED = "tortured"
    CHOICES = [
        (KILLED, _("Killed")),
        (DETAINED, _("Detained")),
        (INJURED, _("Injured")),
        (TORTURED, _("Alleged torture")),
    ]


def _allegations():
    """TortureAllegation, reached through Person (allegations depends on victims)."""
    return Person._meta.get_field("torture_allegations").related_model


def event_models(clearance: Visibility) -> dict[str, tuple]:
    """What happened -> (visible events, the field naming their person)."""
    return {
        Happened.KILLED: (Death.objects.visible_at(clearance), "person"),
        Happened.DETAINED: (Detention.objects.visible_at(clearance), "person"),
        Happened.INJURED: (Injury.objects.visible_at(clearance), "person"),
        Happened.TORTURED: (_allegations().objects.visible_at(clearance), "victim"),
    }


def regions():
    return Place.objects.filter(kind__in=[Place.Kind.REGION, Place.Kind.CITY])


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="no_filter",
        max_length=300,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=regions(),
        method="filter_region",
        to_field_name="uuid",
    )
    happened = django_filters.MultipleChoiceFilter(
        label=_("What happened"),
        choices=Happened.CHOICES,
        method="filter_happened",
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        method="filter_dates",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Until"),
        method="filter_dates",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source = django_filters.ModelChoiceFilter(
        label=_("Mentioned in"),
        queryset=Source.objects.none(),
        method="filter_source",
        to_field_name="uuid",
    )

    class Meta:
        model = Person
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clearance = (
            clearance_of(self.request.user) if self.request else Visibility.PUBLIC
        )
        self.filters["source"].queryset = Source.objects.visible_at(self.clearance)
        self.form.fields["source"].queryset = self.filters["source"].queryset

    def no_filter(self, queryset, name, value):
        return queryset

    def _people_with(self, events, owner: str, condition: Q | None = None):
        return Q(pk__in=events.filter(condition or Q()).values(owner))

    def filter_region(self, queryset, name, place):
        within = Q(place=place) | Q(place__parent=place)
        death, _ = event_models(self.clearance)[Happened.KILLED]
        detention, _ = event_models(self.clearance)[Happened.DETAINED]
        return queryset.filter(
            Q(residence_region=place)
            | self._people_with(death, "person", within)
            | self._people_with(detention, "person", within)
        )

    def filter_happened(self, queryset, name, values):
        events = event_models(self.clearance)
        for value in values:
            model, owner = events[value]
            queryset = queryset.filter(self._people_with(model, owner))
        return queryset

    def filter_dates(self, queryset, name, value):
        start = self.form.cleaned_data.get("date_from")
        end = self.form.cleaned_data.get("date_to")
        if name == "date_to" and start:
            return queryset  # both bounds are applied once, with date_from
        between = Q()
        if start:
            between &= Q(occurred_on__gte=start)
        if end:
            between &= Q(occurred_on__lte=end)
        events = event_models(self.clearance)
        return queryset.filter(
            reduce(
                or_,
                (
                    self._people_with(events[kind][0], "person", between)
                    for kind in (Happened.KILLED, Happened.DETAINED, Happened.INJURED)
                ),
            )
        )

    def filter_source(self, queryset, name, source):
        from sources.models import Citation

        cited = Citation.objects.filter(
            source=source,
            content_type__app_label="victims",
            content_type__model="person",
        ).values("object_id")
        return queryset.filter(
            Q(pk__in=cited) | Q(name_variants__source=source)
        ).distinct()
