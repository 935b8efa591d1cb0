"""The statistics' charts, drawn on the server as SVG: Vega-Altair describes each
chart and vl-convert renders it, so pages need no JavaScript. Titles, axis names and
labels arrive translated; the page gives every chart its caption and a table."""

from collections.abc import Callable

import altair as alt
import pandas as pd
import vl_convert
from django.utils.translation import gettext as _

from .tallies import ListCount
from .tallies import Tally

WIDTH = 520
BAR_HEIGHT = 22
FONT = "system-ui, sans-serif"
CONFIG = {
    "font": FONT,
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
    "title": {"fontSize": 14, "anchor": "start"},
    "view": {"stroke": None},
}
COLOURS = ["#9b2226", "#005f73", "#ca6702", "#0a9396", "#6c757d"]


def render(chart: alt.TopLevelMixin) -> str:
    """The chart as an SVG document."""
    return vl_convert.vegalite_to_svg(chart.to_dict(), config=CONFIG)


def bars(tally: Tally) -> str:
    """Horizontal bars, one per row; stacked by column when the tally has columns."""
    if tally.columns:
        data = pd.DataFrame(
            [
                {"label": label, "column": column, "count": count}
                for label, counts in tally.rows
                for column, count in zip(tally.columns, counts, strict=True)
            ]
        )
        colour = alt.Color(
            "column:N",
            title=None,
            sort=tally.columns,
            scale=alt.Scale(domain=tally.columns, range=COLOURS),
            legend=alt.Legend(orient="bottom"),
        )
    else:
        data = pd.DataFrame(
            [{"label": label, "count": count} for label, count in tally.rows]
        )
        colour = alt.value(COLOURS[0])
    order = [label for label, _count in tally.rows]
    chart = (
        alt.Chart(data, title=tally.title, description=tally.description)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None),
            x=alt.X("sum(count):Q", title=_("Number"), axis=alt.Axis(tickMinStep=1)),
            color=colour,
        )
        .properties(width=WIDTH - 200, height=max(1, len(order)) * BAR_HEIGHT)
    )
    return render(chart)


def list_counts(counts: list[ListCount]) -> str:
    """Each list's claimed count beside its entries and its linked people."""
    kinds = [_("Claimed"), _("Entries in the archive"), _("People linked")]
    data = pd.DataFrame(
        [
            {"list": count.victim_list.title, "kind": kind, "count": value}
            for count in counts
            for kind, value in zip(
                kinds,
                (count.claimed or 0, count.entries, count.linked_people),
                strict=True,
            )
        ]
    )
    chart = (
        alt.Chart(
            data,
            title=_("Each list: its claimed count and what the archive holds of it"),
        )
        .mark_bar()
        .encode(
            y=alt.Y("kind:N", sort=kinds, title=None, axis=alt.Axis(labels=False)),
            x=alt.X("count:Q", title=_("Number")),
            color=alt.Color(
                "kind:N",
                title=None,
                sort=kinds,
                scale=alt.Scale(domain=kinds, range=COLOURS),
                legend=alt.Legend(orient="bottom"),
            ),
            row=alt.Row("list:N", title=None, header=alt.Header(labelAngle=0)),
        )
        .properties(width=WIDTH - 240, height=3 * 14)
    )
    return render(chart)


def overlap(regions: list[tuple[str, int]], title: str) -> str:
    """UpSet-style: one bar for each combination of lists, who is on exactly it."""
    data = pd.DataFrame([{"on": label, "count": count} for label, count in regions])
    chart = (
        alt.Chart(data, title=title)
        .mark_bar(color=COLOURS[1])
        .encode(
            y=alt.Y("on:N", sort=[label for label, _n in regions], title=None),
            x=alt.X("count:Q", title=_("People"), axis=alt.Axis(tickMinStep=1)),
        )
        .properties(width=WIDTH - 260, height=max(1, len(regions)) * BAR_HEIGHT)
    )
    return render(chart)


def timeline(points: list[dict], link: Callable[[str], str]) -> str:
    """Counts of the dead over time: each point a claim, labelled with who claims
    it and linked to its source (`link` makes a page path absolute)."""
    data = pd.DataFrame(
        [
            {**point, "href": link(point["href"]) if point["href"] else ""}
            for point in points
        ]
    )
    groups = [_("Official"), _("Independent")]
    base = alt.Chart(
        data,
        title=_("How many died: official counts and independent lists over time"),
    ).encode(
        x=alt.X("as_of:T", title=_("As of"), axis=alt.Axis(format="%m.%Y")),
        y=alt.Y("value:Q", title=_("Number"), scale=alt.Scale(zero=False)),
        color=alt.Color(
            "group:N",
            title=None,
            sort=groups,
            scale=alt.Scale(domain=groups, range=COLOURS[:2]),
            legend=alt.Legend(orient="bottom"),
        ),
    )
    # Only the totals are one series over time; a list's count stands alone.
    lines = (
        base.transform_filter(alt.datum.series == "deaths_total")
        .mark_line(strokeDash=[4, 3])
        .encode(detail="group:N")
    )
    dots = base.mark_point(filled=True, size=70).encode(
        href="href:N", tooltip=["label:N", "value:Q"]
    )
    labels = base.mark_text(align="left", dx=7, dy=-7, fontSize=11).encode(
        text="label:N"
    )
    return render((lines + dots + labels).properties(width=WIDTH + 120, height=320))
