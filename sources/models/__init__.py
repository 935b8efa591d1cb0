"""Documents, who published them, the citations that tie facts to them, figures, and
the victim lists kept as they were published."""

from .documents import Citation
from .documents import CitationQuerySet
from .documents import Figure
from .documents import Language
from .documents import Organisation
from .documents import Source
from .lists import EntryAnnotation
from .lists import ListEntry
from .lists import ListImport
from .lists import VictimList

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
