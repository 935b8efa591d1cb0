"""Who in the archive a described person may be: the same name in any spelling (the
site's search, at staff level), weighed by birth year and region.

The one person-matching module: the moderation duplicate finder uses it, and the
linkage of victim lists will.
"""

from dataclasses import dataclass, field

from archive.visibility import Visibility

from .models import Person, Place
from .names import join_name, parse_query

MIN_SCORE = 0.5
MAX_CANDIDATES = 10
SAME_BIRTH_YEAR = 0.2
OTHER_BIRTH_YEAR = -0.3  # more than a year apart: likely a namesake
SAME_REGION = 0.1


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


def find_people(
    *,
    surname: str,
    given_name: str,
    patronymic: str = "",
    birth_year: int | None = None,
    region: Place | None = None,
) -> list[Candidate]:
    """People who may be the one described, best first; none without a name.

    >>> find_people(surname="Тоқаев", given_name="Ерлан")  # doctest: +SKIP
    """
    query = parse_query(join_name(surname, given_name, patronymic))
    if query.is_empty:
        return []
    found = []
    for hit in Person.objects.search(query, Visibility.STAFF, limit=50):
        candidate = Candidate(hit.person, hit.score, [f"name: {hit.variant}"])
        born = hit.person.birth_date
        if birth_year and born:
            if born.year == birth_year:
                candidate.score += SAME_BIRTH_YEAR
                candidate.reasons.append(f"born {born.year}")
            elif abs(born.year - birth_year) > 1:
                candidate.score += OTHER_BIRTH_YEAR
        if region is not None and hit.person.residence_region_id == region.pk:
            candidate.score += SAME_REGION
            candidate.reasons.append(f"region: {region}")
        if candidate.score >= MIN_SCORE:
            found.append(candidate)
    found.sort(key=lambda candidate: -candidate.score)
    return found[:MAX_CANDIDATES]
