"""People, the names they are known by, and what happened to them."""

from .cases import CriminalCase, Defendant, Hearing
from .choices import Cause, Happened, Outcome
from .events import Death, Detention, Event, Incident, Injury
from .imports import PersonImport
from .links import (
    Decision,
    EntryDecision,
    EntryMatch,
    EntryProposal,
    LinkCandidate,
)
from .people import NameKey, NameVariant, Person
from .places import Place

__all__ = [
    "Cause",
    "CriminalCase",
    "Death",
    "Decision",
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
