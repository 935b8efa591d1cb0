"""Finding a person by any spelling of their name.

Every NameVariant stores one folded key per name part (victims.names.fold). A query is
folded the same way, word by word, and matched against the parts in any order:

1. exact path: two parts equal two typed words (b-tree indexes on the key pairs), or
   for a one-word query, any part equal to it; most queries end here;
2. typo path, when the exact path finds no one exactly: each word with a slip (no
   known key) is widened to the known keys most trigram-similar to it (NameKey,
   pg_trgm), then matched as above;
3. part matches, when neither finds anyone: each typed word alone, the people found
   ranked by how much of the name they match, and marked partial.

Candidates are ranked in the database: each typed word meets its best name part
(equality on the exact path, trigram similarity on the typo path), initials meet the
first letters of the given name and patronymic, and the best variant of each person
wins. Only names the viewer may read are searched: a person shown by pseudonym or
initials is never found through their real name.

The ranking query is written as SQL here, not with ORM expressions: building the
expression tree for every search cost more than running the query. The same query
returns the rows of each person found (spelling, person, region), built into model
instances with Model.from_db: a query the exact path answers is one round trip. It
runs on Django's own cursor; the trigram threshold of the typo path is set for its
transaction only (set_config(..., true)), so no later query on the connection sees it.
"""

from dataclasses import dataclass
from dataclasses import field
from functools import cache

from django.db import connection
from django.db import transaction

from archive.visibility import ORDER
from archive.visibility import Visibility

from .models.people import KEY_FIELDS
from .models.people import SEARCH_COLUMNS
from .models.people import NameVariant
from .models.people import Person
from .models.places import Place
from .names import ParsedQuery

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
    partial: bool = False  # no one matched the whole name; this matches some words

    @property
    def exact(self) -> bool:
        return self.score >= EXACT and not self.partial


@dataclass
class _Sql:
    """SQL text with its positional parameters, built piece by piece."""

    parts: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, text: str, *params) -> "_Sql":
        self.parts.append(text)
        self.params.extend(params)
        return self

    @property
    def text(self) -> str:
        return " ".join(self.parts)


# The paths a query takes, in order, until one finds everyone it names exactly:
# "name", surname and given name equal (the usual case, one b-tree pair);
# "other", the patronymic pairs; "typo", the same lookups with every typed word
# widened to the known keys that are trigram-similar to it (NameKey, a small table).
# A query with a slip (a word that is no known key) skips "other".
SIMILAR_KEYS = 5  # known keys a typed word may stand for, per name part
# Trigram similarity of a two-letter swap in a six-letter name ("Omaorv", "Omarov").
TYPO_SIMILARITY = 0.2


PARTS = KEY_FIELDS
COLUMNS = [*PARTS, *SEARCH_COLUMNS]
# (name part, typed word) -> {known key: its trigram similarity to the word}
Closeness = dict[tuple[str, str], dict[str, float]]


def _typed(part: str, word: str, patronymic: str) -> str:
    return patronymic if part == "patronymic_key" else word


def _slips(query: ParsedQuery) -> list[tuple[str, str]]:
    """The typed (word, patronymic-folded word) pairs that are no known key in any
    part: the words with a slip in them."""
    pairs = list(zip(query.words, query.patronymics, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key FROM victims_namekey WHERE key = ANY(%s)",
            [[*query.words, *query.patronymics]],
        )
        known = {key for (key,) in cursor.fetchall()}
    return [(w, p) for w, p in pairs if w not in known and p not in known]


def _similar_keys(query: ParsedQuery, slips: list[tuple[str, str]]) -> Closeness:
    """For each name part and typed word: the word itself, and for a slip the known
    keys most similar to it, with their similarity (computed once here, so that
    candidates are scored by equality)."""
    closeness: Closeness = {
        (part, _typed(part, word, patronymic)): {_typed(part, word, patronymic): 1.0}
        for word, patronymic in zip(query.words, query.patronymics, strict=True)
        for part in PARTS
    }
    if not slips:
        return closeness
    wanted = [
        (part, _typed(part, word, patronymic))
        for word, patronymic in slips
        for part in PARTS
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        sql = _Sql().add("SELECT part, typed, key, closeness FROM (")
        for index, (part, typed) in enumerate(wanted):
            sql.add("UNION ALL" if index else "")
            sql.add(
                "(SELECT part, %s AS typed, key, similarity(key, %s) AS closeness"
                " FROM victims_namekey WHERE part = %s AND key %% %s"
                " ORDER BY closeness DESC LIMIT %s)",
                typed,
                typed,
                part,
                typed,
                SIMILAR_KEYS,
            )
        sql.add(") AS close_keys")
        # `%` uses this threshold (its index does too): set for this query only,
        # transaction-local, and put back at once for the rest of the transaction.
        cursor.execute(
            "SELECT current_setting('pg_trgm.similarity_threshold'),"
            " set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(TYPO_SIMILARITY)],
        )
        ((usual, _),) = cursor.fetchall()
        cursor.execute(sql.text, sql.params)
        for part, typed, key, similarity in cursor.fetchall():
            closeness[(part, typed)][key] = similarity
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [usual]
        )
    return closeness


def _branches(
    query: ParsedQuery, path: str, closeness: Closeness | None
) -> list[tuple[str, list]]:
    """The conditions a spelling may meet, each answered by one covering index."""
    if closeness is None:
        words = {
            "surname_key": list(query.words),
            "given_key": list(query.words),
            "patronymic_key": list(query.patronymics),
        }
    else:
        words = {
            part: sorted(
                {key for (p, _), keys in closeness.items() if p == part for key in keys}
            )
            for part in PARTS
        }

    def equal(*parts: str) -> tuple[str, list]:
        return (
            " AND ".join(f"{part} = ANY(%s)" for part in parts),
            [words[part] for part in parts],
        )

    if len(query.words) == 1:
        if path == "name" and query.initials:  # "Токаев К.Ж.": a surname and initials
            text, params = equal("surname_key")
            # A range, not LIKE: it narrows the (surname, given) index under any
            # collation (keys are folded to lowercase Latin).
            initial = query.initials[0]
            return [
                (
                    f"{text} AND given_key >= %s AND given_key < %s",
                    [*params, initial, chr(ord(initial) + 1)],
                )
            ]
        parts = ["patronymic_key"] if path == "other" else ["surname_key", "given_key"]
        return [equal(part) for part in parts]
    pairs = {
        "name": [("surname_key", "given_key")],
        "other": [("surname_key", "patronymic_key"), ("given_key", "patronymic_key")],
        "typo": [("surname_key", "given_key"), ("surname_key", "patronymic_key")],
    }[path]
    return [equal(first, second) for first, second in pairs]


def _score(sql: _Sql, query: ParsedQuery, closeness: Closeness | None) -> None:
    """Mean over typed words of how well each meets its best part, initials counting
    half a word each: 1 for an equal key, else (typo path) the trigram similarity of
    the key the slip was widened to. In float8: numeric arithmetic on every
    candidate took twice as long as the index scan that found it."""
    sql.add("((0::float8")
    for word, patronymic in zip(query.words, query.patronymics, strict=True):
        measures, params = [], []
        for part in PARTS:
            typed = _typed(part, word, patronymic)
            keys = closeness[(part, typed)] if closeness else {typed: 1.0}
            cases = " ".join("WHEN %s THEN %s::float8" for _ in keys)
            measures.append(f"CASE v.{part} {cases} ELSE 0::float8 END")
            params += [value for pair in keys.items() for value in pair]
        surname, given, father = measures
        sql.add(
            f"+ GREATEST({surname}, {given}, {PATRONYMIC_WEIGHT}::float8 * {father})",
            *params,
        )
    # Initials follow the official-list order: given name, then patronymic.
    initials = list(zip(["given_key", "patronymic_key"], query.initials, strict=False))
    for part, initial in initials:
        sql.add(f"+ 0.5::float8 * (v.{part} LIKE %s)::int", f"{initial}%")
    sql.add(f") / {len(query.words) + 0.5 * len(initials)}::float8)")


# The rows a hit is built from: the spelling, its person, the person's region.
SHOWN = ((NameVariant, "v"), (Person, "p"), (Place, "r"))


@cache
def _shown_fields() -> list[list[str]]:
    """The attribute names of each SHOWN model, in the order they are selected."""
    return [[f.attname for f in model._meta.concrete_fields] for model, _ in SHOWN]


@cache
def _shown_columns() -> str:
    return ", ".join(
        f"{alias}.{model._meta.get_field(name).column}"
        for (model, alias), names in zip(SHOWN, _shown_fields(), strict=True)
        for name in names
    )


def _hits(rows: list[tuple]) -> list[SearchHit]:
    """SearchHits from rows of (score, *_shown_columns()), built as the ORM builds
    instances (Model.from_db; these models have no field that needs a database
    converter). People of one region share its instance."""
    database = connection.alias
    variant_fields, person_fields, region_fields = _shown_fields()
    person_at = 1 + len(variant_fields)
    region_at = person_at + len(person_fields)
    regions: dict[int, Place] = {}
    hits = []
    for row in rows:
        variant = NameVariant.from_db(database, variant_fields, row[1:person_at])
        person = Person.from_db(database, person_fields, row[person_at:region_at])
        region_id = person.residence_region_id
        if region_id is not None and region_id not in regions:
            regions[region_id] = Place.from_db(database, region_fields, row[region_at:])
        person.residence_region = regions.get(region_id)
        variant.person = person
        hits.append(SearchHit(person, variant, row[0]))
    return hits


def _found(
    within,
    query: ParsedQuery,
    clearance,
    path: str,
    slips: list[tuple[str, str]],
    limit: int,
) -> list[SearchHit]:
    """The best `limit` people the path finds, best first, each by the best of
    their spellings."""
    closeness = _similar_keys(query, slips) if path == "typo" else None
    sql = _Sql().add(
        f"SELECT best.score, {_shown_columns()} FROM ("  # noqa: S608 (own columns)
        " SELECT * FROM ("
        " SELECT DISTINCT ON (person_id) id, person_id, score FROM ("
        "  SELECT id, person_id, score, same_script, is_primary FROM ("
        "   SELECT v.id, v.person_id,"
    )
    _score(sql, query, closeness)
    sql.add(
        "AS score, (v.script = %s) AS same_script, v.is_primary FROM (", query.script
    )
    # One index-only scan per condition (a UNION ALL, not an OR, which would read
    # the table; a spelling met twice is one person, counted once below). Who may
    # find the person by a spelling is on the spelling itself (searchable_at, kept
    # by triggers), so no candidate's person row is read; `within` (the page's
    # filters) only when there is one: an IN over all people would make PostgreSQL
    # read every person.
    if within is not None:
        within_sql, within_params = (
            within.order_by().values("pk").query.sql_with_params()
        )
    for index, (condition, params) in enumerate(_branches(query, path, closeness)):
        sql.add("UNION ALL" if index else "")
        sql.add(
            # Column names and conditions are this module's own; values are params.
            f"SELECT {', '.join(COLUMNS)} FROM victims_namevariant"  # noqa: S608
            f" WHERE searchable_at <= %s AND {condition}",
            ORDER.index(clearance),
            *params,
        )
        if within is not None:
            sql.add(f"AND person_id IN ({within_sql})", *within_params)
    # The best CANDIDATES spellings (a top-N sort), then the best of each person's,
    # then the best `limit` people, and only then the rows they are shown with.
    # MIN_SCORE is applied to the few candidates kept: the lowest scores are the
    # last kept anyway.
    sql.add(
        "   ) AS v"
        "  ) AS scored ORDER BY score DESC, person_id, same_script DESC,"
        "  is_primary DESC LIMIT %s"
        " ) AS candidates WHERE score >= %s"
        " ORDER BY person_id, score DESC, same_script DESC, is_primary DESC"
        " ) AS each_person ORDER BY score DESC, person_id LIMIT %s"
        ") AS best"
        " JOIN victims_namevariant v ON v.id = best.id"
        " JOIN victims_person p ON p.id = best.person_id"
        " LEFT JOIN victims_place r ON r.id = p.residence_region_id"
        " ORDER BY best.score DESC, best.person_id",
        CANDIDATES,
        MIN_SCORE,
        limit,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql.text, sql.params)
        return _hits(cursor.fetchall())


def search_people(
    query: ParsedQuery, clearance: Visibility, *, within=None, limit: int = 50
) -> list[SearchHit]:
    """The people `clearance` may find by a name spelling (and, if given, among the
    `within` queryset) whose name matches `query`, best first. Among equal
    spellings, the one written in the script typed is shown."""
    if query.is_empty:
        return []
    hits = _found(within, query, clearance, "name", [], limit)
    if not any(hit.exact for hit in hits):
        slips = _slips(query)
        # A word with a slip matches no key exactly: straight to the typo path.
        for path in ("typo",) if slips else ("other", "typo"):
            hits += _found(within, query, clearance, path, slips, limit)
            if any(hit.exact for hit in hits):
                break
    hits.sort(key=lambda hit: -hit.score)  # stable: a later path only adds
    best: dict[int, SearchHit] = {}
    for hit in hits:
        best.setdefault(hit.person.pk, hit)
    if best or len(query.words) < 2:
        return list(best.values())[:limit]
    return _part_matches(within, query, clearance, limit)


def _part_matches(
    within, query: ParsedQuery, clearance: Visibility, limit: int
) -> list[SearchHit]:
    """When no one matches the whole name, the people that some of its words find,
    each word searched alone: a family that typed a slip in one word still sees
    whom the others mean. Ranked by the share of the name they match; each shown
    by the spelling that matched best."""
    totals: dict[int, float] = {}
    shown: dict[int, SearchHit] = {}
    patronymics = query.patronymics or query.words
    for word, patronymic in zip(query.words, patronymics, strict=True):
        alone = ParsedQuery((word,), (), (patronymic,), query.script)
        for hit in search_people(alone, clearance, within=within, limit=limit):
            pk = hit.person.pk
            totals[pk] = totals.get(pk, 0.0) + hit.score
            if pk not in shown or hit.score > shown[pk].score:
                shown[pk] = hit
    ranked = sorted(totals, key=lambda pk: -totals[pk])[:limit]
    share = len(query.words)
    return [
        SearchHit(shown[pk].person, shown[pk].variant, totals[pk] / share, True)
        for pk in ranked
    ]
