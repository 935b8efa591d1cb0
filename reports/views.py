"""The statistics page, at each viewer's clearance, and its numbers as CSV; the
numbered public releases and their files."""

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from archive.exports import csv_response
from archive.tallies import Tally
from archive.visibility import clearance_of
from sources.models import VictimList
from victims.comparison import ComparisonForm

from .actions import RELEASES
from .models import Release
from .releases import LICENCE
from .summary import Summary
from .summary import overlap_chart
from .summary import shown_estimates
from .summary import summary

OVERLAP_DEFAULT = 3  # lists the overlap chart shows when none are chosen


def statistics(request: HttpRequest) -> HttpResponse:
    clearance = clearance_of(request.user)
    content = summary(clearance, request.build_absolute_uri)
    chosen_lists = request.GET if "lists" in request.GET else None
    form = ComparisonForm(chosen_lists, clearance=clearance)
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["lists"]
    else:
        chosen = _most_linked(content)
    overlap, overlap_svg = overlap_chart(chosen) if chosen else ([], "")
    if wanted := request.GET.get("download"):
        return _download(wanted, content, overlap)
    return render(
        request,
        "reports/statistics.html",
        {
            "stats": content.statistics,
            "sections": [
                (item, mark_safe(content.charts.get(item.key, "")))  # noqa: S308 (vl-convert's SVG escapes its text)
                for item in content.statistics.tallies
            ],
            "lists_svg": mark_safe(content.charts.get("lists", "")),  # noqa: S308
            "timeline_svg": mark_safe(content.charts.get("timeline", "")),  # noqa: S308
            "timeline": content.timeline,
            "form": form,
            "chosen": chosen,
            "overlap": overlap,
            "overlap_svg": mark_safe(overlap_svg),  # noqa: S308
            "overlap_download": urlencode(
                [*(("lists", chosen_list.uuid) for chosen_list in chosen)]
                + [("download", "overlap")]
            ),
            "estimates": shown_estimates(clearance),
            "clearance": clearance,
        },
        status=400
        if form.is_bound and form.errors.get("lists") and "lists" in request.GET
        else 200,
    )


def _most_linked(content: Summary) -> list[VictimList]:
    linked = [c for c in content.statistics.lists if c.linked_people]
    linked.sort(key=lambda c: -c.linked_people)
    chosen = [c.victim_list for c in linked[:OVERLAP_DEFAULT]]
    return chosen if len(chosen) >= 2 else []


def _download(wanted: str, content: Summary, overlap: list) -> HttpResponse:
    stats = content.statistics
    tallies = {item.key: item for item in stats.tallies}
    if wanted in tallies:
        return csv_response(_tally_rows(tallies[wanted]), f"{wanted}.csv")
    if wanted == "lists":
        rows = [[_("list"), _("claimed"), _("entries"), _("people linked")]]
        rows += [
            [
                c.victim_list.title,
                c.claimed if c.claimed is not None else "",
                c.entries,
                c.linked_people,
            ]
            for c in stats.lists
        ]
        return csv_response(rows, "lists.csv")
    if wanted == "timeline":
        keys = [
            "as_of",
            "metric",
            "qualifier",
            "value",
            "group",
            "claimant",
            "source",
            "href",
        ]
        rows = [keys, *([point[key] for key in keys] for point in content.timeline)]
        return csv_response(rows, "death-toll-over-time.csv")
    if wanted == "overlap":
        return csv_response([[_("on exactly"), _("people")], *overlap], "overlap.csv")
    raise Http404(_("No such table."))


def _tally_rows(item: Tally):
    yield [item.title, *(item.columns or [_("number")])]
    for label, count in item.rows:
        yield [label, *(count if isinstance(count, list) else [count])]


def release_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/release_list.html",
        {"releases": Release.objects.all(), "licence": LICENCE},
    )


def release_detail(request: HttpRequest, number: int) -> HttpResponse:
    release = get_object_or_404(Release, number=number)
    return render(
        request,
        "reports/release_detail.html",
        {"release": release, "licence": LICENCE},
    )


def release_file(request: HttpRequest, number: int, path: str) -> FileResponse:
    """One file of a release, only the files its record lists (no other path)."""
    release = get_object_or_404(Release, number=number)
    if path not in {entry["path"] for entry in release.files}:
        raise Http404(_("No such file in this release."))
    return FileResponse(
        default_storage.open(f"{RELEASES}/{number}/{path}", "rb"),
        as_attachment=True,
        filename=f"qantar-release-{number}-{path.replace('/', '-')}",
    )
