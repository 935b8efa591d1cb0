"""The command line for data managers who script their imports: `import_list` and
`link_list` run the admin's own code and print their counts (JSON on request)."""

import io
import json

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from pghistory.models import Events

from archive.visibility import Visibility
from sources.models import ListImport
from tests.factories import UserFactory
from tests.factories import VictimListFactory
from tests.sources.test_list_import import MAPPING
from tests.sources.test_list_import import csv_file
from tests.victims.test_linkage import entry
from tests.victims.test_linkage import person
from victims.models import EntryDecision

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def mapped_args() -> list[str]:
    return [
        arg
        for field, column in MAPPING.items()
        for arg in ("--map", f"{column}={field}")
    ]


def test_import_list_imports_the_rows_and_prints_its_counts(tmp_path):
    editor = UserFactory(role="editor")
    victim_list = VictimListFactory(reference="azattyq-2022")
    sheet = tmp_path / "list.csv"
    sheet.write_bytes(csv_file())
    counts = tmp_path / "counts.json"

    printed = run(
        "import_list", str(sheet), "--list", "azattyq-2022", *mapped_args(),
        "--by", editor.username, "--reason", "the Azattyq list of 2022",
        "--json", str(counts),
    )  # fmt: skip

    assert "status: done" in printed and "rows: 3" in printed
    written = json.loads(counts.read_text())
    assert (written["status"], written["rows"], written["errors"]) == ("done", 3, [])
    entries = list(victim_list.entries.order_by("row_number"))
    assert entries[0].surname == "Жолдасбеков" and entries[0].birth_year == 1990
    event = Events.objects.tracks(entries[0]).get(pgh_label="insert")
    assert event.pgh_context["user"] == editor.pk
    assert event.pgh_context["reason"] == (
        "list import: list.csv; the Azattyq list of 2022"
    )


@pytest.mark.parametrize(
    ("maps", "message"),
    [
        (["--map", "Нет такого=name"], "does not fit the file's columns"),
        (["--map", "Облыс=region"], "at least the surname"),
        (["--map", "Аты-жөні=nickname"], "give COLUMN=FIELD"),
    ],
    ids=["unknown column", "no name", "unknown field"],
)
def test_a_mapping_that_does_not_fit_is_refused_and_keeps_nothing(
    tmp_path, maps, message
):
    editor = UserFactory(role="editor")
    victim_list = VictimListFactory(reference="official-2022")
    sheet = tmp_path / "list.csv"
    sheet.write_bytes(csv_file())

    with pytest.raises(CommandError, match=message):
        run(
            "import_list", str(sheet), "--list", "official-2022", *maps,
            "--by", editor.username, "--reason", "x",
        )  # fmt: skip

    assert not ListImport.objects.exists()
    assert not victim_list.entries.exists()


def test_import_list_refuses_who_may_not_change_lists_and_unknown_lists(tmp_path):
    sheet = tmp_path / "list.csv"
    sheet.write_bytes(csv_file())
    VictimListFactory(reference="official-2022")
    roleless = UserFactory(is_staff=True)
    editor = UserFactory(role="editor")

    with pytest.raises(CommandError, match="may change victim lists"):
        run("import_list", str(sheet), "--list", "official-2022", *mapped_args(),
            "--by", roleless.username, "--reason", "x")  # fmt: skip
    with pytest.raises(CommandError, match="No list has the reference"):
        run("import_list", str(sheet), "--list", "nowhere", *mapped_args(),
            "--by", editor.username, "--reason", "x")  # fmt: skip
    with pytest.raises(CommandError, match="No such file"):
        run("import_list", str(tmp_path / "missing.csv"), "--list",
            "official-2022", *mapped_args(), "--by", editor.username,
            "--reason", "x")  # fmt: skip
    assert not ListImport.objects.exists()


def test_link_list_links_the_sure_entries_and_prints_its_counts(tmp_path):
    editor = UserFactory(role="editor")
    clear = person("Тоқаев", "Ерлан", "Серікұлы", 1990)
    victim_list = VictimListFactory(reference="staff-list", visibility=Visibility.STAFF)
    known = entry(victim_list, 1, "Токаев Ерлан Серикович", birth_year=1990)
    entry(victim_list, 2, "Ибрагимов Нурсултан Асетович", birth_year=1970)
    counts = tmp_path / "counts.json"

    printed = run("link_list", "staff-list", "--by", editor.username,
                  "--json", str(counts))  # fmt: skip

    assert "linked: 1" in printed and "new: 1" in printed
    assert json.loads(counts.read_text()) == {
        "list": "staff-list", "scored": 2, "linked": 1, "review": 0, "new": 1,
    }  # fmt: skip
    assert EntryDecision.objects.get(entry=known).person == clear


def test_link_list_is_for_reviewers_only():
    VictimListFactory(reference="staff-list")
    with pytest.raises(CommandError, match="may review linkage"):
        run("link_list", "staff-list", "--by", UserFactory(is_staff=True).username)
    with pytest.raises(CommandError, match="No list has the reference"):
        run("link_list", "nowhere", "--by", UserFactory(role="editor").username)
