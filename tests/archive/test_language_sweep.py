"""Every public page and every staff page, in Kazakh and in Russian, holds no known
English interface string: no text on the page is exactly one of the English strings
of the archive's catalogue or of Django's admin, left untranslated."""

import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.admin_models import registered_models
from tests.archive.test_privacy_matrix import admin_urls  # noqa: F401
from tests.archive.test_privacy_matrix import urls  # noqa: F401
from tests.archive.test_privacy_matrix import world  # noqa: F401
from tests.factories import UserFactory
from tests.factories import sign_in

BASE_DIR = Path(__file__).resolve().parents[2]
DJANGO = Path(django.__file__).parent
CATALOGUES = [
    BASE_DIR / "locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
]
# The same in every language: names of things, not words to translate ("English"
# names the language in itself in the language switcher).
SAME_IN_EVERY_LANGUAGE = {"API", "PDF", "CSV", "JSON", "UUID", "SHA-256", "English"}
# Identifiers (file and field names), not text to translate.
NOT_SHOWN_AS_TEXT = {"script", "style", "template", "code"}
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


def english_strings() -> set[str]:
    strings = set()
    for path in CATALOGUES:
        for entry in polib.pofile(path):
            for text in (entry.msgid, entry.msgid_plural):
                text = " ".join(text.split())
                if re.search(r"[a-z]{2}", text) and "%" not in text and "{" not in text:
                    strings.add(text)
    return strings - SAME_IN_EVERY_LANGUAGE


class ShownText(HTMLParser):
    """The text a reader sees: text nodes, button values, titles and labels."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in NOT_SHOWN_AS_TEXT:
            self.hidden += 1
        shown = dict(attrs)
        for name in SHOWN_ATTRIBUTES & shown.keys():
            self.texts.append(shown[name] or "")
        if tag == "input" and shown.get("type") in ("submit", "button"):
            self.texts.append(shown.get("value") or "")

    def handle_endtag(self, tag):
        if tag in NOT_SHOWN_AS_TEXT and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.texts.append(data)


def english_on(html: str, english: set[str]) -> set[str]:
    parser = ShownText()
    parser.feed(html)
    found = set()
    for text in parser.texts:
        text = " ".join(text.split()).strip(" :·—()")
        if text in english:
            found.add(text)
    return found


def add_pages(language: str) -> list[str]:
    """The form of every record an administrator may add, and the account pages."""
    pages = [f"/{language}/admin/password_change/"]
    for model in registered_models():
        opts = model._meta
        with translation.override(language):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return pages


def staff_client() -> Client:
    client = Client(raise_request_exception=False)
    sign_in(client, UserFactory(role="administrator"))
    return client


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_english_is_left_on_kazakh_and_russian_pages(world, language):  # noqa: F811
    english = english_strings()
    pages, _api = urls(world)
    public = [url for url in pages if url.startswith(f"/{language}/")]
    staff = [url.replace("/en/", f"/{language}/", 1) for url in admin_urls()]
    staff += [
        url.replace("/change/", "/history/") for url in staff if "/change/" in url
    ]
    staff += add_pages(language)
    left, visitor, administrator = (
        [],
        Client(raise_request_exception=False),
        staff_client(),
    )
    for client, wanted in ((visitor, public), (administrator, staff)):
        for url in wanted:
            response = client.get(url)
            if response.streaming or "html" not in response.get("Content-Type", ""):
                continue
            assert response.status_code < 500, url
            for text in sorted(english_on(response.content.decode(), english)):
                left.append(f"{url}: {text!r}")
    print(
        f"language sweep ({language}): {len(public)} public, {len(staff)} staff pages"
    )
    assert left == [], "\n".join(left[:80]) + f"\n({len(left)} in all)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "help_text"),
    [("kk", "5 файлға дейін"), ("ru", "До 5 файлов")],
)
def test_the_attachment_help_is_in_the_visitors_language(client, language, help_text):
    html = client.get(f"/{language}/submit/").content.decode()

    assert help_text in html
    assert "Up to 5 files" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_figures_are_shown_in_each_language(client, archive_data, language):
    html = client.get(f"/{language}/figures/").content.decode()
    includes, note = {  # what a figure includes, and a figure's note
        "kk": ("19 құқық қорғау органының қызметкері", "бүкіл елде қаза тапты"),
        "ru": ("19 сотрудников правоохранительных органов", "погибли по всей стране"),
        "en": ("19 law enforcement officers", "killed across the country"),
    }[language]

    assert includes in html and note in html
