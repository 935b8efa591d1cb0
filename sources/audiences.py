"""What an audience reads of sources' rows, for the write-side rule
(archive.widening): a citation, as the pages and the API show it; and which rows
follow from a record, a source or a list. A list's rows are what the list says, as
readable as the list: publishing the list was the moderator's decision, and a row
imported into it is not a widening of its own (who is on it is: victims.audiences).
"""

from collections import defaultdict
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType

from archive.models import Record
from archive.visibility import Visibility
from archive.widening import register

from .models import Citation
from .models import ListEntry
from .models import Source
from .models import VictimList


def citation_rows(
    model, pks: list[int], clearance: Visibility
) -> Iterator[tuple[int, str]]:
    """A citation is read when its source and its record are, in full
    (`Citation.objects.shown_at`)."""
    cited = defaultdict(list)
    for pk, content_type_id, object_id in (
        Citation.objects.shown_at(clearance)
        .filter(pk__in=pks)
        .values_list("pk", "content_type_id", "object_id")
    ):
        cited[content_type_id].append((pk, object_id))
    for content_type_id, citations in cited.items():
        record_model = ContentType.objects.get_for_id(content_type_id).model_class()
        visible = set(
            record_model.objects.visible_at(clearance)
            .filter(pk__in=[object_id for _, object_id in citations])
            .values_list("pk", flat=True)
        )
        for pk, object_id in citations:
            if object_id in visible:
                yield pk, "citation"


def citations_of_records(model, pks: list[int]):
    content_type = ContentType.objects.get_for_model(model)
    yield (
        Citation,
        Citation.objects.filter(
            content_type=content_type, object_id__in=pks
        ).values_list("pk", flat=True),
    )


def citations_of_sources(model, pks: list[int]):
    yield Citation, Citation.objects.filter(source__in=pks).values_list("pk", flat=True)


def rows_of_lists(model, pks: list[int]):
    entries = ListEntry.objects.filter(victim_list__in=pks)
    yield ListEntry, entries.values_list("pk", flat=True)


register(Citation, readable=citation_rows)
register(Record, followers=citations_of_records)
register(Source, followers=citations_of_sources)
register(VictimList, followers=rows_of_lists)
