"""Documents, who published them, the citations that tie facts to them, figures, and
the victim lists kept as they were published."""

from .documents import (
    Citation,
    CitationQuerySet,
    Figure,
    Language,
    Organisation,
    Source,
)
from .lists import EntryAnnotation, ListEntry, ListImport, VictimList

__all__ = [
    "Citation",
    "CitationQuerySet",
    "EntryAnnotation",
    "Figure",
    "Language",
    "ListEntry",
    "ListImport",
    "Organisation",
    "Source",
    "VictimList",
]
