"""The archive's own documents and figures, and the figures page that shows them."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.html import escape

from sources.models import Figure
from sources.models import Source
from tests.queries import html_of

pytestmark = pytest.mark.django_db
FIGURES_CSV = Path(__file__).resolve().parents[2] / "sources" / "data" / "figures.csv"


def figure_rows() -> list[dict[str, str]]:
    with FIGURES_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_loading_twice_changes_nothing(capsys):
    call_command("load_archive_data")
    call_command("load_archive_data")

    out = capsys.readouterr().out
    assert "5 sources, 23 figures (23 new), 5 victim lists" in out
    assert "5 sources, 23 figures (0 new), 5 victim lists" in out
    assert Source.objects.exclude(kind=Source.Kind.LIST).count() == 5
    assert Source.objects.filter(kind=Source.Kind.LIST).count() == 5
    assert Figure.objects.count() == len(figure_rows()) == 23


def figure_of(row: dict) -> Figure:
    """The figure loaded from a row of figures.csv."""
    return Figure.objects.get(
        metric=row["metric"],
        value=int(row["value"]),
        qualifier=row["qualifier"],
        claimant__name=row["claimed_by"],
        as_of=row["published_on"],
    )


def test_every_figure_cites_the_document_that_reports_it(archive_data):
    for row in figure_rows():
        figure = figure_of(row)
        reference = row["reported_in"].removesuffix(".txt")
        assert figure.citations.get().source.reference == reference
        assert figure.visibility == "public"


def test_the_figures_page_lists_every_row_with_its_source(client, archive_data):
    html = html_of(client, "/en/figures/")

    for row in figure_rows():
        figure = figure_of(row)
        source = figure.citations.get().source
        assert f'href="{source.get_absolute_url()}"' in html
        assert row["note"] in html
    assert html.count("<tr") >= len(figure_rows())


def test_the_death_toll_timeline_shows_how_the_official_count_changed(
    client, archive_data
):
    html = html_of(client, "/en/figures/")
    timeline = html[html.index('class="timeline"') : html.index("</table>")]

    positions = [timeline.index(f'class="value">{n}') for n in ("227", "241")]
    assert positions == sorted(positions)
    for number in ("232", "238", "188", "221"):
        assert f"{number}</span>" in timeline


def test_figures_page_speaks_kazakh_and_russian(client, archive_data):
    assert "Власти Казахстана" in html_of(client, "/ru/figures/")
    assert "Қазақстан билігі" in html_of(client, "/kk/figures/")


def test_source_page_lists_the_public_records_citing_it(client, archive_data):
    source = Source.objects.get(reference="hrw-droi-statement-2022-10-26")

    html = html_of(client, source.get_absolute_url())

    assert "Human Rights Watch" in html
    assert "Criminal cases opened on torture" in html


def test_sources_list_shows_the_five_documents(
    client, archive_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        html = html_of(client, "/en/sources/")

    for source in Source.objects.all():
        assert escape(source.title) in html


def test_figures_page_query_count_does_not_grow(client, archive_data):
    from tests.factories import FigureFactory
    from tests.queries import query_count

    loaded = query_count(client, "/en/figures/")
    for _ in range(5):
        FigureFactory()
    assert query_count(client, "/en/figures/") == loaded <= 6
