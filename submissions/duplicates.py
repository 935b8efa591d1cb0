"""People already in the archive whom a submission may be about: the same name in any
spelling (the site's search, at staff level), weighed by birth year and region."""

from dataclasses import dataclass, field

from archive.visibility import Visibility
from victims.models import Person
from victims.names import parse_query

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


def find_candidates(submission) -> list[Candidate]:
    """Best first; none when the submission gives no name to go on."""
    if submission.person_id:
        return [Candidate(submission.person, 1.0, ["named by the submitter"])]
    name = " ".join(
        part
        for part in (submission.surname, submission.given_name, submission.patronymic)
        if part
    )
    if parse_query(name).is_empty:
        return []
    found = []
    for hit in Person.objects.search(name, Visibility.STAFF, limit=50):
        candidate = Candidate(hit.person, hit.score, [f"name: {hit.variant}"])
        born = hit.person.birth_date
        if submission.birth_year and born:
            if born.year == submission.birth_year:
                candidate.score += SAME_BIRTH_YEAR
                candidate.reasons.append(f"born {born.year}")
            elif abs(born.year - submission.birth_year) > 1:
                candidate.score += OTHER_BIRTH_YEAR
        if submission.region_id and hit.person.residence_region_id == (
            submission.region_id
        ):
            candidate.score += SAME_REGION
            candidate.reasons.append(f"region: {submission.region}")
        if candidate.score >= MIN_SCORE:
            found.append(candidate)
    found.sort(key=lambda candidate: -candidate.score)
    return found[:MAX_CANDIDATES]
