"""Finding a person by any spelling of their name.

Every NameVariant stores one folded key per name part (victims.names.fold). A query is
folded the same way, word by word, and matched against the parts in any order:

1. exact path: two parts equal two typed words (b-tree indexes on the key pairs), or
   for a one-word query, any part equal to it; most queries end here;
2. typo path, only when the exact path finds nothing: one part equal and another
   trigram-similar (pg_trgm, GIN), or for one word, a trigram-similar surname or
   given name.

Candidates are scored in the database (trigram similarity of each typed word to its
best part, initials to the first letters) and the best variant of each person wins.
Only names the viewer may read are searched: a person shown by pseudonym or initials
is never found through their real name.
"""

from dataclasses import dataclass
from functools import reduce
from itertools import permutations
from operator import or_

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Greatest

from archive.visibility import Visibility, levels_up_to

from .names import ParsedQuery, guess_script, parse_query

PARTS = ("surname_key", "given_key", "patronymic_key")
CANDIDATES = 300
MIN_SCORE = 0.3
# A typed word that matches only the patronymic counts a little less, so that
# "Ахметов Ерлан" puts Ерлан Ахметов before Бекзат Ерланович Ахметов.
PATRONYMIC_WEIGHT = 0.9
EXACT = 0.9  # at or above: every typed word met a name part exactly (or nearly)


@dataclass(frozen=True)
class SearchHit:
    """One person found, with the spelling that matched and how well."""

    person: object
    variant: object
    score: float

    @property
    def exact(self) -> bool:
        return self.score >= EXACT


def _in(part: str, query: ParsedQuery) -> Q:
    words = query.patronymics if part == "patronymic_key" else query.words
    return Q(**{f"{part}__in": list(words)})


def _similar(part: str, query: ParsedQuery) -> Q:
    words = query.patronymics if part == "patronymic_key" else query.words
    return reduce(or_, (Q(**{f"{part}__trigram_similar": word}) for word in words))


def _exact_condition(query: ParsedQuery) -> Q:
    if len(query.words) == 1:
        condition = reduce(or_, (_in(part, query) for part in PARTS))
        if query.initials:
            condition &= Q(given_key__startswith=query.initials[0])
        return condition
    return reduce(
        or_, (_in(a, query) & _in(b, query) for a, b in permutations(PARTS, 2))
    )


def _typo_condition(query: ParsedQuery) -> Q:
    if len(query.words) == 1:
        return _similar("surname_key", query) | _similar("given_key", query)
    return reduce(
        or_, (_in(a, query) & _similar(b, query) for a, b in permutations(PARTS[:2], 2))
    ) | (_in("surname_key", query) & _similar("patronymic_key", query))


def _score(query: ParsedQuery):
    """Mean over typed words of the best trigram similarity to any name part,
    initials counting half a word each."""
    words = [
        Greatest(
            TrigramSimilarity("surname_key", Value(word)),
            TrigramSimilarity("given_key", Value(word)),
            TrigramSimilarity("patronymic_key", Value(patronymic)) * PATRONYMIC_WEIGHT,
        )
        for word, patronymic in zip(query.words, query.patronymics, strict=True)
    ]
    # Initials follow the official-list order: given name, then patronymic.
    initials = [
        Case(
            When(Q(**{f"{part}__startswith": initial}), then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for part, initial in zip(
            ("given_key", "patronymic_key"), query.initials[:2], strict=False
        )
    ]
    terms = words + [term * Value(0.5) for term in initials]
    return reduce(lambda a, b: a + b, terms) / Value(len(words) + 0.5 * len(initials))


def searchable_variants(people, clearance: Visibility):
    """Variants of `people` whose real name `clearance` may read."""
    from .models import NameVariant, Person

    return NameVariant.objects.filter(person__in=people).filter(
        Q(person__naming=Person.Naming.FULL)
        | Q(person__details_visibility__in=levels_up_to(clearance))
    )


def search_people(people, text: str, clearance: Visibility, limit: int = 50) -> list:
    """The people among `people` whose name matches `text`, best first."""
    query = parse_query(text)
    if query.is_empty:
        return []
    # Among equally good spellings, show the one written like the query.
    same_script = Case(When(script=guess_script(text), then=Value(1)), default=Value(0))
    variants = searchable_variants(people, clearance).annotate(
        score=_score(query), same_script=same_script
    )
    found = _best_per_person(variants.filter(_exact_condition(query)), limit)
    if not found:
        found = _best_per_person(variants.filter(_typo_condition(query)), limit)
    return found


def _best_per_person(variants, limit: int) -> list[SearchHit]:
    rows = (
        variants.filter(score__gte=MIN_SCORE)
        .select_related("person__residence_region", "source")
        .order_by(F("score").desc(), "person_id", "-same_script", "-is_primary")[
            :CANDIDATES
        ]
    )
    hits: dict[int, SearchHit] = {}
    for variant in rows:
        if variant.person_id not in hits:
            hits[variant.person_id] = SearchHit(variant.person, variant, variant.score)
    return list(hits.values())[:limit]
