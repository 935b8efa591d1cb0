"""Attaching to records the citations a viewer may see, for pages that show evidence."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from sources.models import Citation

from .visibility import Visibility


def attach_citations(records: Iterable, clearance: Visibility) -> None:
    """Set `record.shown_citations` on each record, with one query for all of them."""
    records = [record for record in records if record is not None]
    found = Citation.objects.for_records(records, clearance)
    for record in records:
        content_type = ContentType.objects.get_for_model(record)
        record.shown_citations = found.get((content_type.pk, record.pk), [])
