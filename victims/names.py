"""Pure name functions, free of Django so they can be tested without a database."""

import re

from anyascii import anyascii

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# How Russian-language documents write the Kazakh letters (official lists, press).
# No library does this: transliteration libraries go to Latin, not to Russian Cyrillic.
KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def guess_script(name: str) -> str:
    """The writing system of a spelling, as NameVariant.Script codes.

    >>> [guess_script(n) for n in ("Сәрсенбаев", "Сарсенбаев", "Sarsenbayev")]
    ['kk-Cyrl', 'ru-Cyrl', 'Latn']
    """
    if KAZAKH_LETTERS & set(name):
        return "kk-Cyrl"
    if CYRILLIC.search(name):
        return "ru-Cyrl"
    if LATIN.search(name):
        return "Latn"
    return "other"


def to_russian_cyrillic(name: str) -> str:
    """A Kazakh Cyrillic spelling as Russian-language documents write it.

    >>> to_russian_cyrillic("Жұмабекова Гүлнұр")
    'Жумабекова Гулнур'
    """
    return name.translate(KAZAKH_TO_RUSSIAN)


def to_latin(name: str) -> str:
    """A Cyrillic spelling in Latin letters (anyascii's Kazakh-aware mapping).

    >>> to_latin("Қасым-Жомарт Тоқаев")
    'Qasym-Zhomart Toqaev'
    """
    return anyascii(name)
