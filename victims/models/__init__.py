"""People, the names they are known by, and what happened to them."""

from .cases import CriminalCase, Defendant
from .choices import Cause, Happened, Outcome
from .events import Death, Detention, Event, Incident, Injury
from .people import NameKey, NameVariant, Person
from .places import Place

__all__ = [
    "Cause",
    "CriminalCase",
    "Death",
    "Defendant",
    "Detention",
    "Event",
    "Happened",
    "Incident",
    "Injury",
    "NameKey",
    "NameVariant",
    "Outcome",
    "Person",
    "Place",
]
