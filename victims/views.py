from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from archive.visibility import clearance_of
from sources.models import Citation
from sources.pages import record_page

from . import happenings
from .discrepancies import person_conflicts
from .filters import PersonFilter
from .models import CriminalCase
from .models import Defendant
from .models import Incident
from .models import Person
from .models import Place

PAGE_SIZE = 50


def person_detail(request: HttpRequest, uuid) -> HttpResponse:
    clearance = clearance_of(request.user)
    person = get_object_or_404(
        Person.objects.visible_at(clearance).select_related(
            "residence_region", "residence_settlement"
        ),
        uuid=uuid,
    )
    happened = [
        (kind, kind.records_of(person, clearance)) for kind in happenings.kinds()
    ]
    cases = list(
        Defendant.objects.filter(
            person=person, case__in=CriminalCase.objects.visible_at(clearance)
        ).select_related("case")
    )
    records = [record for _kind, shown in happened for record in shown]
    Citation.objects.attach_to([person, *records], clearance)
    name_shown = person.name_visible_at(clearance)
    return render(
        request,
        "victims/person_detail.html",
        {
            "person": person,
            "name": person.name_for(clearance),
            "details": person.details_visible_at(clearance),
            "name_variants": person.name_variants.readable_at(clearance)
            .select_related("source")
            .order_by("id")
            if name_shown and person.full_name
            else [],
            "happened": [
                (
                    kind,
                    [
                        (record, record.details_visible_at(clearance))
                        for record in shown
                    ],
                )
                for kind, shown in happened
            ],
            "clearance": clearance,
            "cases": cases,
            "list_conflicts": person_conflicts(person, clearance),
        },
    )


def _page(request: HttpRequest, queryset, name: str):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(name))


def place_detail(request: HttpRequest, uuid) -> HttpResponse:
    clearance = clearance_of(request.user)
    place = get_object_or_404(Place.objects.select_related("parent"), uuid=uuid)
    pages = []
    for kind in happenings.kinds():
        records = kind.at_place(place, clearance)
        page = _page(request, records, kind.resource)
        pages.append((kind.resource, kind.list_heading, page))
    return render(
        request,
        "victims/place_detail.html",
        {
            "place": place,
            "clearance": clearance,
            "children": place.children.all(),
            "incidents": Incident.objects.visible_at(clearance).filter(place=place),
            "lists": pages,
            "any_listed": any(page.object_list for _name, _heading, page in pages),
        },
    )


def incident_detail(request: HttpRequest, uuid) -> HttpResponse:
    clearance = clearance_of(request.user)
    incident = get_object_or_404(
        Incident.objects.visible_at(clearance).select_related("place"), uuid=uuid
    )
    deaths = list(
        incident.deaths.visible_at(clearance).select_related("person", "place")
    )
    injuries = list(
        incident.injuries.visible_at(clearance).select_related("person", "place")
    )
    return record_page(
        request,
        "victims/incident_detail.html",
        clearance,
        "incident",
        incident,
        deaths=deaths,
        injuries=injuries,
    )


def case_detail(request: HttpRequest, uuid) -> HttpResponse:
    """A criminal case: articles, court, defendants the viewer may see (named by
    their naming rule; accused officials with their unit), outcome and sentences,
    hearings and who monitored them."""
    clearance = clearance_of(request.user)
    case = get_object_or_404(CriminalCase.objects.visible_at(clearance), uuid=uuid)
    # By role, then by the name this viewer is shown: a withheld surname must not
    # decide where a defendant stands (the few rows of a case are sorted here).
    defendants = sorted(
        case.defendant_rows.filter(
            person__in=Person.objects.visible_at(clearance)
        ).select_related("person", "unit"),
        key=lambda defendant: (
            defendant.role,
            defendant.person.name_for(clearance),
            defendant.pk,
        ),
    )
    hearings = case.hearings.select_related("monitored_by")
    return record_page(
        request,
        "victims/case_detail.html",
        clearance,
        "case",
        case,
        defendants=defendants,
        hearings=hearings,
    )


def what_happened(people: list[Person], clearance) -> dict[int, list[str]]:
    """For each person, the labels of what visibly happened to them (4 queries)."""
    ids = [person.pk for person in people]
    happened: dict[int, list[str]] = {pk: [] for pk in ids}
    for kind in happenings.kinds():
        records = kind.model.objects.visible_at(clearance)
        owners = records.filter(**{f"{kind.owner}__in": ids})
        for pk in owners.values_list(kind.owner, flat=True):
            if kind.label not in happened[pk]:
                happened[pk].append(kind.label)
    return happened


def search(request: HttpRequest) -> HttpResponse:
    """The name search with its filters; works without JavaScript."""
    clearance = clearance_of(request.user)
    filters = PersonFilter(
        request.GET or None,
        queryset=Person.objects.visible_at(clearance),
        request=request,
    )
    context = {"filters": filters, "clearance": clearance, "hits": [], "page": None}
    if filters.is_bound and filters.is_valid():
        hits = filters.search()
        if hits is not None:
            context["hits"] = hits
            people = [hit.person for hit in hits]
            context["happened"] = what_happened(people, clearance)
            if not hits:
                context.update(_nothing_found(request, filters))
            elif hits[0].partial:
                context["message"] = _(
                    "No one matches the whole name. These people match part of it."
                )
        elif filters.narrows():
            people = filters.qs.select_related("residence_region")
            context["page"] = _page(
                request, people.ordered_by_shown_name(clearance), "page"
            )
            context["happened"] = what_happened(list(context["page"]), clearance)
            if not context["page"].paginator.count:
                context.update(_nothing_found(request, filters))
    return render(request, "victims/search.html", context)


def _nothing_found(request: HttpRequest, filters: PersonFilter) -> dict:
    """What the page says when no one is found, with a link that keeps only the
    typed name when filters narrowed the search."""
    name = request.GET.get("q", "").strip()
    if not filters.narrows():
        return {"message": _("No one in the archive matches this name.")}
    return {
        "message": _("No one matches this name with these filters.")
        if name
        else _("No one matches these filters."),
        "clear_filters_url": reverse("victims:search")
        + (f"?{urlencode({'q': name})}" if name else ""),
    }
