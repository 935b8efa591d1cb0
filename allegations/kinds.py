"""Torture allegations as a kind of what happened (victims.happenings)."""

from django.db.models import Model

from sources.models import VictimList
from victims import happenings
from victims.models import Happened

from .api import TortureAllegationViewSet
from .models import TortureAllegation
from .statistics import allegation_sections


def allegation_from_submission(person, submission) -> Model:
    return TortureAllegation.objects.create(
        victim=person, started_on=submission.happened_on, testimony=submission.account
    )


def register() -> None:
    happenings.register(
        happenings.Kind(
            value=Happened.TORTURED,
            label=Happened.TORTURED.label,
            model=TortureAllegation,
            resource="allegations",
            viewset=TortureAllegationViewSet,
            person_field="torture_allegations",
            section="allegations/_allegation_section.html",
            dated_by="started_on",
            placed_by="facility",
            located_by=("facility",),
            listed_as=VictimList.Counts.TORTURE,
            joined=("facility", "perpetrator_unit"),
            statistics=allegation_sections,
            erased={
                "testimony": "",
                "perpetrator_description": "",
                "other_methods": "",
            },
            from_submission=allegation_from_submission,
        )
    )
