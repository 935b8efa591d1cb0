from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import render

from archive.visibility import clearance_of

from .models import Citation
from .models import Figure
from .models import Source

PAGE_SIZE = 50


def source_list(request: HttpRequest) -> HttpResponse:
    sources = (
        Source.objects.visible_to(request.user)
        .prefetch_related("publishers")
        .order_by("-published_on", "title")
    )
    page = Paginator(sources, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sources/source_list.html", {"page": page})


def source_detail(request: HttpRequest, uuid) -> HttpResponse:
    """The document's metadata and every record citing it that the viewer may read;
    records about a person whose name the viewer may not read are only counted
    (listing them would say where in the document that person is)."""
    clearance = clearance_of(request.user)
    source = get_object_or_404(
        Source.objects.visible_at(clearance).prefetch_related("publishers"), uuid=uuid
    )
    cited = (
        source.citations_made.order_by("content_type_id", "object_id")
        .values_list("content_type_id", "object_id")
        .distinct()
    )
    groups, withheld = [], 0
    for content_type_id, rows in groupby(cited, key=lambda row: row[0]):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        related = [model.OWNER] if model.OWNER else []
        records = list(
            model.objects.visible_at(clearance)
            .filter(pk__in=[object_id for _, object_id in rows])
            .select_related(*related)
        )
        shown = [
            record for record in records if not record.names_withheld_at(clearance)
        ]
        withheld += len(records) - len(shown)
        if shown:
            groups.append((model._meta.verbose_name_plural, shown))
    return render(
        request,
        "sources/source_detail.html",
        {
            "source": source,
            "groups": groups,
            "withheld": withheld,
            "clearance": clearance,
        },
    )


def figure_list(request: HttpRequest) -> HttpResponse:
    """Every claimed number by what it counts, each as a dated timeline with sources."""
    clearance = clearance_of(request.user)
    figures = list(
        Figure.objects.visible_at(clearance)
        .select_related("claimant")
        .order_by("metric", "as_of", "value")
    )
    Citation.objects.attach_to(figures, clearance)
    by_metric = {
        metric: list(rows) for metric, rows in groupby(figures, key=lambda f: f.metric)
    }
    death_toll = sorted(
        by_metric.get(Figure.Metric.DEATHS_TOTAL, [])
        + by_metric.get(Figure.Metric.DEATHS_LISTED_BY_NAME, []),
        key=lambda figure: (figure.as_of, figure.metric, figure.value),
    )
    scale = max((figure.value for figure in death_toll), default=1)
    for figure in death_toll:
        figure.bar_percent = round(100 * figure.value / scale, 1)
    metrics = [(Figure.Metric(m).label, rows) for m, rows in by_metric.items()]
    return render(
        request,
        "sources/figure_list.html",
        {"death_toll": death_toll, "metrics": metrics},
    )
