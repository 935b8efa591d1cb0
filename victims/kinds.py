"""Deaths, detentions and injuries as kinds of what happened (victims.happenings),
registered when the app loads."""

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from sources.models import VictimList

from . import happenings
from .api import DeathViewSet
from .api import DetentionViewSet
from .api import InjuryViewSet
from .models import Death
from .models import Detention
from .models import Happened
from .models import Injury
from .statistics import death_sections
from .statistics import detention_sections


def _when(submission) -> dict:
    return {"occurred_on": submission.happened_on} if submission.happened_on else {}


def death_from_submission(person, submission) -> Model | None:
    """A death, unless the person has one already (a person dies once)."""
    if hasattr(person, "death"):
        return None
    return Death.objects.create(
        person=person, circumstances=submission.place_text, **_when(submission)
    )


def detention_from_submission(person, submission) -> Model:
    return Detention.objects.create(person=person, **_when(submission))


def injury_from_submission(person, submission) -> Model:
    return Injury.objects.create(
        person=person, description=submission.place_text, **_when(submission)
    )


def register() -> None:
    happenings.register(
        happenings.Kind(
            value=Happened.KILLED,
            label=Happened.KILLED.label,
            model=Death,
            resource="deaths",
            viewset=DeathViewSet,
            person_field="death",
            section="victims/_death.html",
            one_per_person=True,
            listed_as=VictimList.Counts.KILLED,
            joined=("place", "incident"),
            statistics=death_sections,
            erased={"circumstances": ""},
            from_submission=death_from_submission,
        )
    )
    happenings.register(
        happenings.Kind(
            value=Happened.DETAINED,
            label=Happened.DETAINED.label,
            model=Detention,
            resource="detentions",
            viewset=DetentionViewSet,
            person_field="detentions",
            section="victims/_detention.html",
            listed_as=VictimList.Counts.DETAINED,
            joined=("place", "facility", "criminal_case"),
            located_by=("place", "facility"),
            heading=_("Detentions (arrested or held here)"),
            statistics=detention_sections,
            erased={"sentence": ""},
            from_submission=detention_from_submission,
        )
    )
    happenings.register(
        happenings.Kind(
            value=Happened.INJURED,
            label=Happened.INJURED.label,
            model=Injury,
            resource="injuries",
            viewset=InjuryViewSet,
            person_field="injuries",
            section="victims/_injury.html",
            listed_as=VictimList.Counts.INJURED,
            joined=("place", "incident"),
            erased={"description": ""},
            from_submission=injury_from_submission,
        )
    )
