"""The statistics page's content (counts and their charts) at a clearance, cached.

A cached summary is keyed by the viewer's clearance, the language and the state of
every table it reads (`state`): the newest history event of each tracked model and
its highest id. Publishing or retracting anything writes a history event, and a new
row raises an id, so the next request counts again; nothing has to remember to
clear the cache.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from psycopg import sql

from archive.visibility import Visibility
from sources.models import Citation
from sources.models import Figure
from sources.models import ListEntry
from sources.models import Organisation
from sources.models import Source
from sources.models import VictimList
from victims import happenings
from victims.discrepancies import overlap
from victims.models import EntryDecision
from victims.models import Person
from victims.models import Place

from . import charts
from .models import UncountedEstimate
from .tallies import Statistics
from .tallies import tally

READ = [
    Person,
    Place,
    Figure,
    Source,
    Citation,
    Organisation,
    VictimList,
    ListEntry,
    EntryDecision,
    UncountedEstimate,
]


def state() -> str:
    """The newest history event and highest id of every table the page reads, in
    one query (each an index lookup)."""
    tables = []
    for model in [*READ, *(kind.model for kind in happenings.kinds())]:
        tables.append((model._meta.db_table, model._meta.pk.column))
        if events := getattr(model, "pgh_event_model", None):
            tables.append((events._meta.db_table, events._meta.pk.column))
    columns = sql.SQL(", ").join(
        sql.SQL("(SELECT max({}) FROM {})").format(
            sql.Identifier(column), sql.Identifier(table)
        )
        for table, column in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT {}").format(columns).as_string())
        return "-".join(str(value or 0) for value in cursor.fetchone())


@dataclass
class Summary:
    statistics: Statistics
    charts: dict[str, str]  # tally key (or "lists", "timeline") -> SVG
    timeline: list[dict]


def timeline_points(figures: list[Figure], clearance: Visibility) -> list[dict]:
    """The counts of the dead as points: date, number, official or independent, who
    claims it and the page of the source that reports it."""
    Citation.objects.attach_to(figures, clearance)
    points = []
    for figure in figures:
        official = figure.claimant.kind == Organisation.Kind.STATE_BODY
        source = figure.shown_citations[0].source if figure.shown_citations else None
        points.append(
            {
                "as_of": figure.as_of.isoformat(),
                "value": figure.value,
                "group": _("Official") if official else _("Independent"),
                "label": f"{figure.claimant.local_name}: {figure.value}",
                "claimant": figure.claimant.local_name,
                "series": figure.metric,
                "metric": figure.get_metric_display(),
                "qualifier": figure.get_qualifier_display(),
                "href": source.get_absolute_url() if source else "",
                "source": source.title if source else "",
            }
        )
    return points


def summary(clearance: Visibility, link: Callable[[str], str]) -> Summary:
    """The page's counts and charts at `clearance` in the active language; `link`
    makes a site path absolute (for the links inside the timeline's SVG)."""
    key = f"statistics:{clearance}:{get_language()}:{link('/')}:{state()}"
    return cache.get_or_set(
        key,
        lambda: _build(clearance, link),
        timeout=settings.STATISTICS_CACHE_SECONDS,
    )


def _build(clearance: Visibility, link: Callable[[str], str]) -> Summary:
    statistics = tally(clearance)
    svgs = {item.key: charts.bars(item) for item in statistics.tallies if item.rows}
    if statistics.lists:
        svgs["lists"] = charts.list_counts(statistics.lists)
    points = timeline_points(statistics.figures, clearance)
    if points:
        svgs["timeline"] = charts.timeline(points, link)
    return Summary(statistics, svgs, points)


def overlap_chart(lists: list[VictimList]) -> tuple[list[tuple[str, int]], str]:
    """Who is on exactly which of two or three lists, as rows and as a chart."""
    chosen = "-".join(str(v.pk) for v in lists)
    key = f"statistics:overlap:{get_language()}:{chosen}:{state()}"

    def build():
        regions = [
            (" + ".join(v.title for v in chosen), count)
            for chosen, count in overlap(lists)
        ]
        return regions, charts.overlap(regions, _("Who is on which list"))

    return cache.get_or_set(key, build, timeout=settings.STATISTICS_CACHE_SECONDS)


def shown_estimates(clearance: Visibility) -> list[UncountedEstimate]:
    """The latest estimates the viewer may see: staff every one, others those
    published whose lists they may all read."""
    readable = set(
        VictimList.objects.visible_at(clearance).values_list("pk", flat=True)
    )
    shown = UncountedEstimate.objects.shown_to(staff=clearance == Visibility.STAFF)
    return [
        made
        for made in shown.prefetch_related("lists")[:5]
        if {v.pk for v in made.lists.all()} <= readable
    ]
