"""One writer of CSV cells (archive.exports.csv_cell with Python's csv module), and
its SQL twin for releases (release_csv_text): byte for byte the same, and no cell
of any CSV the archive writes can start a live formula or split its row."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from archive.exports import FORMULA_STARTS
from archive.exports import Echo
from archive.exports import csv_cell
from tests.factories import DetentionFactory
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.factories import VictimListFactory
from tests.victims.test_linkage import entry
from victims.actions.list_decisions import decide
from victims.models import EntryVerdict

# Every character a CSV or a spreadsheet treats specially, and some plain ones.
AWKWARD = ["\r", "\n", "\t", '"', ",", "=", "+", "-", "@", "'", " ", "a", "Ә", "1"]
CELLS = ["\r=1+1", "\n=1+1", "\t=cmd", '"quoted"', "=1+1", "+1", "-1", "@SUM(A1)"]


def python_cell(value: str) -> str:
    """The cell as the csv module writes it inside a row (a row of one empty cell
    alone would be written '""')."""
    line = csv.writer(Echo()).writerow(["id", csv_cell(value)])
    return line[len("id,") : -len("\r\n")]


def sql_cell(value: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT release_csv_text(%s, %s)", [value, list(FORMULA_STARTS)])
        return cursor.fetchone()[0]


def cells_of(content: str) -> list[str]:
    return [
        cell for row in csv.reader(io.StringIO(content, newline="")) for cell in row
    ]


def assert_safe(content: str, *expected: str) -> None:
    """No cell starts a formula, and each expected value is one whole cell."""
    cells = cells_of(content)
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)], content
    for value in expected:
        assert csv_cell(value) in cells, (value, content)


@pytest.mark.django_db
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(st.sampled_from(AWKWARD), max_size=8) | st.sampled_from(CELLS))
def test_the_release_writes_every_text_cell_as_python_does(value):
    assert sql_cell(value) == python_cell(value)


@pytest.mark.django_db
def test_a_carriage_return_never_splits_a_row():
    for value in CELLS:
        line = csv.writer(Echo()).writerow(["id", csv_cell(value)])
        assert list(csv.reader(io.StringIO(line, newline=""))) == [
            ["id", csv_cell(value)]
        ]
        assert sql_cell(value) == python_cell(value)


@pytest.mark.django_db
def test_statistics_and_list_comparisons_write_safe_cells():
    titles = ["\r=1+1", '@SUM(A1), "x"']
    first, second = (VictimListFactory(title=t, counts="detained") for t in titles)
    person = PublicPersonFactory(surname="\t=cmd", given_name="+1\n-2")
    DetentionFactory(person=person)
    by = UserFactory(role="moderator")
    for victim_list in (first, second):
        decide(entry(victim_list, 1, "Invented Name"), EntryVerdict.LINK, person=person,
               by=by)  # fmt: skip

    lists = Client().get(reverse("reports:statistics"), {"download": "lists"})
    comparison = Client().get(
        reverse("victims:list_comparison"),
        {"lists": [first.uuid, second.uuid], "format": "csv"},
    )

    assert lists.status_code == comparison.status_code == 200
    assert_safe(lists.content.decode(), *titles)
    assert_safe(comparison.content.decode(), " + ".join(titles))
