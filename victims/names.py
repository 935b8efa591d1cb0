"""Pure name functions, free of Django so they can be tested without a database."""

import re

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
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
