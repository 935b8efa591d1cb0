"""The measuring commands, small: they run and print their figures."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError
from django.core.management import call_command

from tooling.evaluation import FORMS
from victims.models import Person


@pytest.mark.django_db
def test_the_evaluation_prints_recall_per_form_and_leaves_nothing_behind():
    out = StringIO()

    call_command("evaluate_search", people=400, per_form=3, seed=5, stdout=out)

    report = out.getvalue()
    for form in FORMS:
        assert re.search(rf"{form}\s+3\s+[01]\.\d{{3}}\s+[01]\.\d{{3}}", report), form
    assert re.search(r"overall\s+30\s", report)
    assert "search query: median" in report
    assert not Person.objects.exists()  # the fictional people were rolled back


def test_the_benchmark_prints_latency_and_the_ratio_to_a_naive_scan(reference_data):
    """Committed data (the benchmark vacuums, which no transaction may)."""
    out = StringIO()

    call_command("benchmark_search", people=300, per_form=2, naive=4, stdout=out)

    report = out.getvalue()
    assert "300 people" in report
    for line in ("search query", "search page", "naive icontains"):
        assert re.search(rf"{line}\s+median\s+[\d.]+ ms\s+p95\s+[\d.]+ ms", report)
    assert re.search(r"naive / search\s+\d+x \(medians\)", report)
    assert "(4 queries)" in report
    for form in FORMS:
        assert re.search(rf"  {form}\s+median", report), form

    with pytest.raises(CommandError, match="not 500"):  # never mixes populations
        call_command("benchmark_search", people=500, stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "written"),
    [
        ("benchmark_list_import", ["sources.VictimList", "sources.ListEntry"]),
        ("benchmark_person_import", ["victims.Person", "victims.PersonImport"]),
    ],
)
def test_an_import_benchmark_prints_rows_a_second_and_leaves_nothing(command, written):
    out = StringIO()

    call_command(command, rows=50, runs=2, stdout=out)

    report = out.getvalue()
    assert re.search(r"run 2: [\d,]+ rows/s", report)
    assert re.search(r"50 rows \([\d.]+ MB CSV\), 2 runs: median [\d,]+ rows/s", report)
    assert not any(apps.get_model(name).objects.exists() for name in written)


def test_the_statistics_benchmark_prints_the_page_cached_and_not(reference_data):
    out = StringIO()

    call_command("benchmark_statistics", people=200, uncached=2, cached=3, stdout=out)

    report = out.getvalue()
    assert "200 fictional people" in report
    for line in ("counted afresh", "cached"):
        assert re.search(rf"{line}\s+median\s+[\d.]+ ms\s+p95\s+[\d.]+ ms", report)


def test_the_linkage_benchmark_prints_its_rates_and_keeps_only_the_people(
    reference_data,
):
    from sources.models import VictimList

    out = StringIO()

    call_command("benchmark_linkage", people=300, entries=40, stdout=out)

    report = out.getvalue()
    assert re.search(r"import: 40 entries in [\d.]+ s \([\d,]+ entries/s\)", report)
    assert re.search(r"linkage: 40 entries against 300 people in [\d.]+ s", report)
    assert not VictimList.objects.filter(reference="bench-linkage").exists()


def test_the_release_benchmark_prints_time_and_memory(reference_data):
    out = StringIO()

    call_command("benchmark_release", people=100, stdout=out)

    assert re.search(
        r"100 fictional people: release of [\d,]+ rows \([\d,]+ MB\) in [\d.]+ s "
        r"\([\d,]+ rows/s\); peak memory [\d,]+ MB",
        out.getvalue(),
    )
