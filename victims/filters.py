"""Filters beside the name search (shared by the search page and the API), and the
API's filters on what happened to people, places and criminal cases.

Every filter on what happened goes through `visible_at`: filtering by "killed" must not
reveal a death the viewer may not see.
"""

import re
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import F
from django.db.models import Func
from django.db.models import Q
from django.db.models import TextField
from django.db.models import Value
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from archive.api import RecordFilter
from archive.api import by_uuid
from archive.api import date_range
from archive.visibility import Visibility
from archive.visibility import request_clearance
from sources.models import Source

from . import happenings
from .models import CriminalCase
from .models import Death
from .models import Defendant
from .models import Detention
from .models import Happened
from .models import Incident
from .models import Injury
from .models import NameVariant
from .models import Person
from .models import Place
from .names import ParsedQuery
from .names import parse_query


def event_models(clearance: Visibility) -> dict[str, tuple]:
    """What happened -> (visible events, the field naming their person), for every
    kind an app registered (victims.happenings)."""
    return {
        kind.value: (kind.model.objects.visible_at(clearance), kind.owner)
        for kind in happenings.kinds()
    }


def uuid_parameter(description: str):
    """A choice among records by public id: a uuid in the OpenAPI schema."""
    return extend_schema_field(
        {"type": "string", "format": "uuid", "description": description}
    )


def regions():
    return Place.objects.filter(kind__in=[Place.Kind.REGION, Place.Kind.CITY])


class PersonSearchForm(forms.Form):
    """Parses the typed name once: `cleaned_data["q"]` is a ParsedQuery, or None
    when no name was typed."""

    def clean_q(self) -> ParsedQuery | None:
        text = (self.cleaned_data.get("q") or "").strip()
        if not text:
            return None
        query = parse_query(text)
        if query.is_empty:
            raise forms.ValidationError(
                _("Type at least two letters of a name."), code="too_short"
            )
        return query


class PersonFilter(RecordFilter):
    """Who the viewer may see, narrowed by these filters; `search()` runs the name
    search (`q`) within them. The search page and the API share this one path."""

    q = django_filters.CharFilter(
        label=_("Name"),
        method="no_filter",  # a name ranks people: see search()
        max_length=300,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = uuid_parameter(
        "Region or city of 2022 (from /api/v1/places/?kind=region): people who "
        "lived there or were killed or detained there."
    )(
        django_filters.ModelChoiceFilter(
            label=_("Region"),
            queryset=regions(),
            method="filter_region",
            to_field_name="uuid",
        )
    )
    happened = django_filters.MultipleChoiceFilter(
        label=_("What happened (any of these)"),
        choices=happenings.KIND_CHOICES,
        method="filter_happened",
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = django_filters.DateFilter(
        label=_("Events from"),
        method="filter_dates",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Events until"),
        method="filter_dates",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source = uuid_parameter(
        "A source or list (from /api/v1/sources/) that mentions the person."
    )(
        django_filters.ModelChoiceFilter(
            label=_("Mentioned in"),
            queryset=Source.objects.none(),
            method="filter_source",
            to_field_name="uuid",
        )
    )

    role = django_filters.ChoiceFilter(label=_("Role"), choices=Person.Role.choices)
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Person.Sex.choices)

    class Meta:
        model = Person
        fields = []
        form = PersonSearchForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clearance = (
            request_clearance(self.request) if self.request else Visibility.PUBLIC
        )
        self.filters["source"].queryset = Source.objects.visible_at(self.clearance)
        self.form.fields["source"].queryset = self.filters["source"].queryset

    def no_filter(self, queryset, name, value):
        return queryset

    def narrows(self) -> bool:
        """Is any filter besides the name set? (Call after is_valid().)"""
        return any(
            value for name, value in self.form.cleaned_data.items() if name != "q"
        )

    def search(self, *, limit: int = 50) -> list | None:
        """The people found by the typed name within the other filters, best first
        (victims.search.SearchHit); None when no name was typed. Without other
        filters the search is not narrowed by a subquery over every person (the
        spellings carry who may find them). Call after is_valid()."""
        query = self.form.cleaned_data.get("q")
        if query is None:
            return None
        people = self.qs if self.narrows() else Person.objects
        return people.search(query, self.clearance, limit=limit)

    def _people_with(self, events, owner: str, condition: Q | None = None):
        return Q(pk__in=events.filter(condition or Q()).values(owner))

    def filter_region(self, queryset, name, place):
        within = Q(place=place) | Q(place__parent=place)
        events = event_models(self.clearance)
        death, _ = events[Happened.KILLED]
        detention, _ = events[Happened.DETAINED]
        return queryset.filter(
            Q(residence_region=place)
            | self._people_with(death, "person", within)
            | self._people_with(detention, "person", within)
        )

    def filter_happened(self, queryset, name, values):
        """People with any of the chosen events (ticked boxes mean "or")."""
        events = event_models(self.clearance)
        return queryset.filter(
            reduce(or_, (self._people_with(*events[value]) for value in values))
        )

    def filter_dates(self, queryset, name, value):
        start = self.form.cleaned_data.get("date_from")
        end = self.form.cleaned_data.get("date_to")
        if name == "date_to" and start:
            return queryset  # both bounds are applied once, with date_from
        events = event_models(self.clearance)
        found = []
        for kind in happenings.dated_events():
            between = Q()
            if start:
                between &= Q(**{f"{kind.dated_by}__gte": start})
            if end:
                between &= Q(**{f"{kind.dated_by}__lte": end})
            records, owner = events[kind.value]
            found.append(self._people_with(records, owner, between))
        return queryset.filter(reduce(or_, found))

    def filter_source(self, queryset, name, source):
        from sources.models import Citation

        cited = Citation.objects.filter(
            source=source,
            content_type__app_label="victims",
            content_type__model="person",
        ).values("object_id")
        spelt = NameVariant.objects.filter(source=source).values("person")
        return queryset.filter(Q(pk__in=cited) | Q(pk__in=spelt))


def under_article(queryset, field: str, article: str):
    """Rows whose array of Criminal Code articles holds `article` or a part of it:
    "272" matches "272" and "272 part 2", never "2721"."""
    article = " ".join(article.split())
    if not article:
        return queryset
    joined = Func(
        F(field), Value("|"), function="array_to_string", output_field=TextField()
    )
    pattern = rf"(^|\|) *{re.escape(article)}($|\||[^0-9|])"
    return queryset.alias(articles_joined=joined).filter(
        articles_joined__iregex=pattern
    )


def _place_or_within(queryset, name, place):
    """At the place, or anywhere within it (a region's towns and facilities)."""
    return queryset.filter(Q(**{name: place}) | Q(**{f"{name}__parent": place}))


def place_filter(label, field_name="place"):
    return django_filters.ModelChoiceFilter(
        label=label,
        field_name=field_name,
        queryset=Place.objects.all(),
        to_field_name="uuid",
        method=_place_or_within,
    )


class EventFilter(RecordFilter):
    person = by_uuid(_("Person"), "person")
    place = place_filter(_("Place, or any place within it"))
    date_from, date_to = date_range("occurred_on")


class DeathFilter(EventFilter):
    incident = by_uuid(_("Incident"), "incident")

    class Meta:
        model = Death
        fields = ["cause", "on_official_list", "body_returned", "autopsy"]


class InjuryFilter(EventFilter):
    incident = by_uuid(_("Incident"), "incident")

    class Meta:
        model = Injury
        fields = ["cause"]


class DetentionFilter(EventFilter):
    facility = place_filter(_("Held at"), field_name="facility")
    charge = django_filters.CharFilter(
        label=_("Charged under this article"),
        method="filter_charge",
        max_length=30,
    )
    criminal_case = by_uuid(_("Criminal case"), "criminal_case")

    class Meta:
        model = Detention
        fields = ["outcome"]

    def filter_charge(self, queryset, name, article):
        return under_article(queryset, "charges", article)


class IncidentFilter(RecordFilter):
    place = place_filter(_("Place, or any place within it"))
    date_from, date_to = date_range("occurred_on")

    class Meta:
        model = Incident
        fields = []


class CriminalCaseFilter(RecordFilter):
    article = django_filters.CharFilter(
        label=_("Criminal Code article"), method="filter_article", max_length=30
    )
    defendant_role = django_filters.ChoiceFilter(
        label=_("Role of a defendant"),
        choices=Defendant.Role.choices,
        method="filter_defendant_role",
    )

    class Meta:
        model = CriminalCase
        fields = ["outcome"]

    def filter_defendant_role(self, queryset, name, role):
        rows = Defendant.objects.filter(role=role).values("case")
        return queryset.filter(pk__in=rows)

    def filter_article(self, queryset, name, article):
        return under_article(queryset, "articles", article)


class PlaceFilter(django_filters.FilterSet):
    parent = by_uuid(_("Within"), "parent")

    class Meta:
        model = Place
        fields = ["kind", "facility_kind"]
