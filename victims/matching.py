"""Who in the archive a described person may be: the same name in any spelling (the
site's search, at staff level), weighed by birth year and region.

The moderation duplicate finder uses it, for one description at a time. The
linkage of whole victim lists scores many entries at once with a trained model
(victims.scoring); both find their candidates through the same name keys.
"""

from dataclasses import dataclass
from dataclasses import field

from django.utils.translation import gettext_lazy as _

from archive.visibility import Visibility

from .models import Person
from .models import Place
from .names import join_name
from .names import parse_query

MIN_SCORE = 0.5
MAX_CANDIDATES = 10
SAME_BIRTH_YEAR = 0.2
OTHER_BIRTH_YEAR = -0.3  # more than a year apart: likely a namesake
SAME_REGION = 0.1


@dataclass
class Candidate:
    """`reasons` are language-neutral pairs, shown by `reason_text`: ("name",
    spelling), ("born", year) and ("region", public id of the shared region)."""

    person: Person
    score: float
    reasons: list[tuple[str, str | int]] = field(default_factory=list)


REASONS = {
    "name": _("name: %(value)s"),
    "born": _("born %(value)s"),
    "region": _("same region: %(value)s"),
}


def reason_text(reason: list | tuple, person: Person) -> str:
    """One reason about `person`, in the active language."""
    kind, value = reason
    if kind == "region":
        value = person.residence_region  # the shared region, named in this language
    return REASONS[kind] % {"value": value}


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
        candidate = Candidate(hit.person, hit.score, [("name", str(hit.variant))])
        born = hit.person.birth_date
        if birth_year and born:
            if born.year == birth_year:
                candidate.score += SAME_BIRTH_YEAR
                candidate.reasons.append(("born", born.year))
            elif abs(born.year - birth_year) > 1:
                candidate.score += OTHER_BIRTH_YEAR
        if region is not None and hit.person.residence_region_id == region.pk:
            candidate.score += SAME_REGION
            candidate.reasons.append(("region", str(region.uuid)))
        if candidate.score >= MIN_SCORE:
            found.append(candidate)
    found.sort(key=lambda candidate: -candidate.score)
    return found[:MAX_CANDIDATES]
