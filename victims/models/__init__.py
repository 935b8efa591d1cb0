"""People, the names they are known by, and what happened to them."""

from .cases import CriminalCase
from .cases import Defendant
from .cases import Hearing
from .choices import Cause
from .choices import Happened
from .choices import Outcome
from .events import Death
from .events import Detention
from .events import Event
from .events import Incident
from .events import Injury
from .imports import PersonImport
from .links import EntryDecision
from .links import EntryMatch
from .links import EntryProposal
from .links import EntryVerdict
from .links import LinkCandidate
from .people import NameKey
from .people import NameVariant
from .people import Person
from .places import Place

__all__ = [
    "Cause",
    "CriminalCase",
    "Death",
    "EntryVerdict",
    "Defendant",
    "Detention",
    "EntryDecision",
    "EntryMatch",
    "EntryProposal",
    "Event",
    "Happened",
    "Hearing",
    "Incident",
    "Injury",
    "LinkCandidate",
    "NameKey",
    "NameVariant",
    "PersonImport",
    "Outcome",
    "Person",
    "Place",
]
