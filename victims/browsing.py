"""Public lists to browse without a name: everyone the viewer may see (sorted by
name, date or region), places with their facilities, and incidents."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Subquery
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.db.models.functions import Least
from django.db.models.functions import NullIf
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.visibility import Visibility
from archive.visibility import clearance_of

from . import happenings
from .models import Incident
from .models import Person
from .models import Place
from .views import PAGE_SIZE
from .views import what_happened

SORTS = [
    ("name", _("Name")),
    ("date", _("Date of the first event")),
    ("region", _("Region")),
]


class PeopleOrder(forms.Form):
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)


class PlaceKind(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of place"),
        choices=[("", _("All")), *Place.Kind.choices],
        required=False,
    )


def _first_event_on(clearance: Visibility):
    """The date of the person's first event the viewer may see (LEAST skips
    missing dates in PostgreSQL)."""

    def first(kind: happenings.Kind):
        return Subquery(
            kind.model.objects.visible_at(clearance)
            .filter(**{kind.owner: OuterRef("pk"), f"{kind.dated_by}__isnull": False})
            .order_by(kind.dated_by)
            .values(kind.dated_by)[:1]
        )

    dates = [first(kind) for kind in happenings.dated_events()]
    return Least(*dates) if len(dates) > 1 else dates[0]


def _region_name():
    """The region's name in the active language, English where untranslated."""
    language = (get_language() or "en")[:2]
    if language == "en":
        return F("residence_region__name_en")
    return Coalesce(
        NullIf(F(f"residence_region__name_{language}"), Value("")),
        F("residence_region__name_en"),
    )


def person_list(request: HttpRequest) -> HttpResponse:
    """Everyone the viewer may see, 50 a page. Names and their order follow each
    person's naming rule (ordered_by_shown_name)."""
    clearance = clearance_of(request.user)
    order = PeopleOrder(request.GET)
    if not order.is_valid():
        return render(request, "victims/person_list.html", {"order": order}, status=400)
    sort = order.cleaned_data["sort"] or "name"
    people = Person.objects.visible_at(clearance).select_related("residence_region")
    if sort == "date":
        people = people.alias(first_on=_first_event_on(clearance))
        first = (F("first_on").asc(nulls_last=True),)
    elif sort == "region":
        people = people.alias(region_name=_region_name())
        first = (F("region_name").asc(nulls_last=True),)
    else:
        first = ()
    people = people.ordered_by_shown_name(clearance, first=first)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "victims/person_list.html",
        {
            "order": order,
            "sort": sort,
            "page": page,
            "happened": what_happened(list(page), clearance),
            "clearance": clearance,
        },
    )


def place_list(request: HttpRequest) -> HttpResponse:
    """Regions, cities, settlements and facilities (reference data, all public)."""
    kind = PlaceKind(request.GET)
    if not kind.is_valid():
        return render(request, "victims/place_list.html", {"kind": kind}, status=400)
    places = Place.objects.select_related("parent").order_by("kind", "name_en", "id")
    if chosen := kind.cleaned_data["kind"]:
        places = places.filter(kind=chosen)
    page = Paginator(places, 100).get_page(request.GET.get("page"))
    return render(request, "victims/place_list.html", {"kind": kind, "page": page})


def incident_list(request: HttpRequest) -> HttpResponse:
    clearance = clearance_of(request.user)
    incidents = Incident.objects.visible_at(clearance).select_related("place")
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "victims/incident_list.html", {"page": page})
