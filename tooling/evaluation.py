"""The search evaluation set: (query, person) pairs over fictional people, by form.

Each query writes a fictional person's name the way some real document or person
would: Russian Cyrillic, a passport, the English press, the 2021 Kazakh Latin
alphabet, lowercase ASCII, name order swapped, no patronymic, official-list initials,
one typo. The transliterations here are written independently of victims.names, so
the evaluation does not grade the folding against itself.

A query that gives less than the whole name (no patronymic, initials) cannot tell a
person from a namesake with the same name parts; `indistinguishable()` says when a
result is such a namesake, and the report counts those as found ("tolerant"), next to
the strict figure.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from anyascii import anyascii

from victims.names import fold
from victims.names import fold_patronymic
from victims.names import to_russian_cyrillic

from .fictional import DemoPerson

VOWELS = set("аәеёиоөуұүыіэюяАӘЕЁИОӨУҰҮЫІЭЮЯ")
PASSPORT = {  # ICAO Doc 9303 style, as in Kazakh passports
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l",
    "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "і": "i", "ь": "",
    "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
PRESS = {  # English-language press, BGN/PCGN-like
    **PASSPORT, "ғ": "gh", "й": "y", "ң": "ng", "ю": "yu", "я": "ya", "ё": "yo",
}  # fmt: skip
KAZAKH_LATIN_2021 = {
    **PASSPORT, "ә": "á", "ғ": "ǵ", "ж": "j", "и": "i", "й": "i", "қ": "q", "ң": "ń",
    "ө": "ó", "ұ": "ū", "ү": "ü", "х": "h", "ш": "ş", "ч": "ç", "ы": "y", "і": "ı",
    "ю": "iu", "я": "ia",
}  # fmt: skip


def _transliterate(word: str, table: dict[str, str], *, press: bool = False) -> str:
    out = []
    for index, letter in enumerate(word):
        lower = letter.lower()
        # The press writes Е as "ye" at the start of a word and after a vowel.
        if press and lower == "е" and (index == 0 or word[index - 1] in VOWELS):
            latin = "ye"
        else:
            latin = table.get(lower, lower)
        out.append(latin.capitalize() if letter.isupper() else latin)
    return "".join(out)


def _words(person: DemoPerson, transform: Callable[[str], str], parts: str) -> str:
    chosen = {
        "full": (person.surname, person.given_name, person.patronymic),
        "two": (person.surname, person.given_name),
        "swapped": (person.given_name, person.surname),
    }[parts]
    return " ".join(transform(part) for part in chosen)


def _typo(rng: random.Random, word: str) -> str:
    position = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["replace", "delete", "insert", "swap"])
    letter = rng.choice("аеиоснлркт" if word[0] >= "А" else "aeioutnrsk")
    if kind == "replace":
        return word[:position] + letter + word[position + 1 :]
    if kind == "delete":
        return word[:position] + word[position + 1 :]
    if kind == "insert":
        return word[:position] + letter + word[position:]
    return (
        word[: position - 1]
        + word[position]
        + word[position - 1]
        + word[position + 1 :]
    )


def _initials(person: DemoPerson) -> str:
    russian = to_russian_cyrillic
    return f"{russian(person.surname)} {person.given_name[0]}.{person.patronymic[0]}."


FORMS: dict[str, Callable[[DemoPerson, random.Random], tuple[str, str]]] = {
    "kazakh cyrillic": lambda p, r: (_words(p, str, "full"), "full"),
    "russian cyrillic": lambda p, r: (_words(p, to_russian_cyrillic, "full"), "full"),
    "passport latin": lambda p, r: (
        _words(p, lambda w: _transliterate(w, PASSPORT).upper(), "two"),
        "two",
    ),
    "press latin": lambda p, r: (
        _words(p, lambda w: _transliterate(w, PRESS, press=True), "swapped"),
        "two",
    ),
    "kazakh latin 2021": lambda p, r: (
        _words(p, lambda w: _transliterate(w, KAZAKH_LATIN_2021), "full"),
        "full",
    ),
    "lowercase ascii": lambda p, r: (
        _words(p, lambda w: anyascii(w).lower(), "full"),
        "full",
    ),
    "given name first": lambda p, r: (_words(p, str, "swapped"), "two"),
    "without patronymic": lambda p, r: (_words(p, to_russian_cyrillic, "two"), "two"),
    "official list initials": lambda p, r: (_initials(p), "initials"),
    "one typo": lambda p, r: (
        f"{_typo(r, p.surname)} {p.given_name} {p.patronymic}",
        "full",
    ),
}


@dataclass(frozen=True)
class Case:
    form: str
    query: str
    person: DemoPerson
    parts: str  # which name parts the query gives: full, two, initials


def cases(people: list[DemoPerson], *, per_form: int, seed: int) -> list[Case]:
    """`per_form` queries of every form, each for a different fictional person."""
    rng = random.Random(seed)  # noqa: S311 (fictional data, not secrets)
    chosen = rng.sample(people, per_form * len(FORMS))
    result = []
    for index, (form, make) in enumerate(FORMS.items()):
        for person in chosen[index * per_form : (index + 1) * per_form]:
            query, parts = make(person, rng)
            result.append(Case(form, query, person, parts))
    return result


def name_key(surname: str, given: str, patronymic: str, parts: str) -> tuple:
    """What a query of `parts` can tell apart: namesakes on these keys look the same."""
    if parts == "full":
        return fold(surname), fold(given), fold_patronymic(patronymic)
    if parts == "two":
        return fold(surname), fold(given)
    return fold(surname), fold(given)[:1], fold_patronymic(patronymic)[:1]


def indistinguishable(case: Case, surname: str, given: str, patronymic: str) -> bool:
    target = case.person
    return name_key(surname, given, patronymic, case.parts) == name_key(
        target.surname, target.given_name, target.patronymic, case.parts
    )
