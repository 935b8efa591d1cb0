"""Pure name functions, free of Django so they can be tested without a database.

The same person is written Тоқаев, Токаев, Tokayev, Toqaev or Tokaev; Жаңаөзен is also
Жанаозен, Zhanaozen, Janaozen and Zhangaozen. `fold()` maps every such spelling of one
name part to the same key, so that a family member's spelling finds the list's.

anyascii transliterates Cyrillic to Latin; what no library does is fold the *Latin*
spellings that different systems produce for the same Kazakh or Russian name (passport,
press, the 2021 Kazakh Latin alphabet, Russian-via-Kazakh), so that is the code below.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# How Russian-language documents write the Kazakh letters (official lists, press).
KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")

# Letters of the 2021 Kazakh Latin alphabet (and the 2017/2018 drafts) whose plain
# ASCII form loses a sound the other systems spell with two letters.
KAZAKH_LATIN = str.maketrans({"ş": "sh", "ç": "ch", "ı": "i"})
# Ordered Latin folds; each makes two spellings of one sound the same.
LATIN_FOLDS = [
    (re.compile(r"dzh|dj"), "j"),  # Джумабаев: Dzhumabaev, Djumabaev, Jumabaev
    (re.compile(r"zh"), "j"),  # Ж: Zhanaozen, Janaozen (2021 alphabet: J)
    (re.compile(r"kh"), "h"),  # Х: Akhmetov, Ahmetov
    (re.compile(r"gh"), "g"),  # Ғ: Ghabbasov, Gabbasov
    (re.compile(r"q"), "k"),  # Қ: Toqaev, Tokaev
    (re.compile(r"ng"), "n"),  # Ң: Zhangaozen, Zhanaozen
    (re.compile(r"ye"), "e"),  # Е: Yerlan, Erlan; Tokayev, Tokaev
    (re.compile(r"yo"), "e"),  # Ё written as Е in most documents
    (re.compile(r"y"), "i"),  # Ы, Й: Qasym/Kasim, Sergey/Sergei
    (re.compile(r"w"), "v"),
]
DOUBLED = re.compile(r"(.)\1+")  # doubled letters: Kassym, Kasym; Alla, Ala
PATRONYMIC_ENDINGS = re.compile(r"(uli|kizi|ovich|evich|ovna|evna|ovic|evic)$")
INITIAL = re.compile(r"^(\w)\.?$")
TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?", re.UNICODE)


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


@lru_cache(maxsize=100_000)
def fold(part: str) -> str:
    """The search key of one name part: equal for every spelling of the same name.

    >>> {fold(s) for s in ("Тоқаев", "Токаев", "Tokayev", "Toqaev", "TOKAEV")}
    {'tokaev'}
    >>> {fold(s) for s in ("Жаңаөзен", "Жанаозен", "Zhanaozen", "Janaozen", "Jańaózen")}
    {'janaozen'}
    """
    return DOUBLED.sub(r"\1", _fold_letters(part))


def _fold_letters(part: str) -> str:
    text = unicodedata.normalize("NFC", part).lower()
    text = to_russian_cyrillic(text).translate(KAZAKH_LATIN)
    text = anyascii(text).lower()
    text = re.sub(r"[^a-z]", "", text)
    for pattern, replacement in LATIN_FOLDS:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=100_000)
def fold_patronymic(part: str) -> str:
    """A patronymic's key is the father's name, whatever the ending.

    >>> {fold_patronymic(s) for s in ("Серікұлы", "Серікқызы", "Serikovich")}
    {'serik'}
    """
    letters = _fold_letters(part)
    return DOUBLED.sub(r"\1", PATRONYMIC_ENDINGS.sub("", letters) or letters)


def join_name(surname: str, given_name: str, patronymic: str = "") -> str:
    """A name in official-list order, its empty parts left out.

    >>> join_name("Тоқаев", "Ерлан", "")
    'Тоқаев Ерлан'
    """
    return " ".join(part for part in (surname, given_name, patronymic) if part)


def fold_initials(letters: str) -> str:
    """Initials as search and linkage both read them, one key letter each: letters
    written in capitals together are each an initial, so that "ДЖ" is Д and Ж (not
    the digraph "дж", J) and "ШЫ" is Ш and Ы; a Latin "Zh" is one.

    >>> fold_initials("ДЖ"), fold_initials("Ш.Ы."), fold_initials("K. Zh.")
    ('dj', 'si', 'kj')
    """
    found = []
    for token in re.findall(r"\w+", letters):
        for piece in token if token.isupper() else [token]:
            if key := fold(piece):
                found.append(key[0])
    return "".join(found)


@dataclass(frozen=True)
class ParsedQuery:
    """What a person typed, as folded words and initials, in the order typed.

    `patronymics` holds each word folded as a patronymic (`fold_patronymic`), so that
    "Serikovich" typed meets a list's "Серікұлы".
    """

    words: tuple[str, ...]
    initials: tuple[str, ...]
    patronymics: tuple[str, ...] = ()
    script: str = "other"  # of the text typed (guess_script): ranks equal spellings

    @property
    def is_empty(self) -> bool:
        return not self.words


def _undotted_initials(token: str) -> bool:
    """Two or three capitals written together, as lists write "Жумабаев ДИ"."""
    return 2 <= len(token) <= 3 and token.isalpha() and token.isupper()


def parse_query(text: str, *, max_words: int = 4) -> ParsedQuery:
    """Split a typed name into folded words and initials; order is kept, not trusted.
    Capitals written together ("ДИ") are initials when the rest of the query is not
    in capitals too (then "ЛИ" may be a surname).

    >>> parse_query("Токаев К.Ж.").words, parse_query("Токаев К.Ж.").initials
    (('tokaev',), ('k', 'j'))
    >>> parse_query("Жумабаев ДИ").initials, parse_query("ЛИ ВИКТОР").words
    (('d', 'i'), ('li', 'viktor'))
    >>> parse_query("  kasym-zhomart   TOQAYEV ").words
    ('kasimjomart', 'tokaev')
    """
    words: list[str] = []
    patronymics: list[str] = []
    initials: list[str] = []
    tokens = TOKEN.findall(text[:300])
    mixed_case = any(token != token.upper() for token in tokens)
    for token in tokens:
        # "К.Ж." arrives as one token with dots: split it into initials.
        pieces = [p for p in token.split(".") if p] if "." in token[:-1] else [token]
        if mixed_case and _undotted_initials(token.rstrip(".")):
            pieces = [f"{letter}." for letter in token.rstrip(".")]  # "Жумабаев ДИ"
        for piece in pieces:
            bare = piece.rstrip(".")
            if len(bare) == 1 or (piece.endswith(".") and len(bare) <= 2):
                initials += fold_initials(bare)
            elif key := fold(bare):
                words.append(key)
                patronymics.append(fold_patronymic(bare))
    return ParsedQuery(
        words=tuple(words[:max_words]),
        initials=tuple(initials[:3]),
        patronymics=tuple(patronymics[:max_words]),
        script=guess_script(text),
    )
