"""The Kazakh and Russian catalogues are complete and compiled from the current .po."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_string_is_translated(language):
    catalogue = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")

    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_compiled_catalogue_matches_the_po_file(language):
    folder = LOCALE / language / "LC_MESSAGES"
    source = polib.pofile(folder / "django.po")
    compiled = polib.mofile(folder / "django.mo")

    expected = {e.msgid: e.msgstr for e in source.translated_entries()}
    actual = {e.msgid: e.msgstr for e in compiled if e.msgid}

    assert actual == expected, "run `make messages` and commit the .mo files"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("kk", "«Қаңтар» мұрағаты"), ("ru", "Архив «Кантар»"), ("en", "Qantar archive")],
)
def test_home_page_speaks_each_language(client, language, heading):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_keeps_the_page(client):
    page = client.get("/ru/").content.decode()
    assert 'action="/ru/i18n/setlang/"' in page

    response = client.post("/ru/i18n/setlang/", {"language": "kk", "next": "/ru/"})

    assert response.status_code == 302
    assert response["Location"] == "/kk/"
