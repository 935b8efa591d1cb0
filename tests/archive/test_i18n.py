"""The Kazakh and Russian catalogues are complete and compiled from the current .po."""

from pathlib import Path

import polib
import pytest

from tests.queries import html_of

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGUES = ["locale", "locale_vendor"]


@pytest.mark.parametrize("catalogue", CATALOGUES)
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_string_is_translated(catalogue, language):
    catalogue = polib.pofile(
        BASE_DIR / catalogue / language / "LC_MESSAGES" / "django.po"
    )

    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize(
    ("catalogue", "language"),
    [
        ("locale", "kk"),
        ("locale", "ru"),
        ("locale", "en"),
        *[("locale_vendor", language) for language in ("kk", "ru")],
    ],
)
def test_compiled_catalogue_matches_the_po_file(catalogue, language):
    folder = BASE_DIR / catalogue / language / "LC_MESSAGES"
    source = polib.pofile(folder / "django.po")
    compiled = polib.mofile(folder / "django.mo")

    def translations(entries):
        return {
            (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
            for e in entries
            if e.msgid
        }

    expected = translations(source.translated_entries())
    actual = translations(compiled)

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
    page = html_of(client, "/ru/")
    assert 'action="/ru/i18n/setlang/"' in page

    response = client.post("/ru/i18n/setlang/", {"language": "kk", "next": "/ru/"})

    assert response.status_code == 302
    assert response["Location"] == "/kk/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_dates_follow_each_language(client, language):
    from tests.factories import DeathFactory
    from tests.factories import DetentionFactory
    from tests.factories import PublicPersonFactory

    person = PublicPersonFactory()
    DeathFactory(person=person, occurred_on="2022-01-04")
    DetentionFactory(
        person=person, occurred_on="2022-01-09", occurred_precision="month"
    )

    html = html_of(client, f"/{language}{person.get_absolute_url()[3:]}")
    day, month = {  # a date known to the day, and one known to the month
        "kk": ("2022 жылғы 4 қаңтар", "2022 жылғы қаңтар"),
        "ru": ("4 января 2022 г.", "Январь 2022 г."),
        "en": ("Jan. 4, 2022", "January 2022"),
    }[language]

    assert day in html
    assert month in html
