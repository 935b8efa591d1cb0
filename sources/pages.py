"""The page of one record, with the evidence its viewer may read."""

from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render

from archive.models import Record
from archive.visibility import Visibility

from .models import Citation


def record_page(
    request: HttpRequest,
    template: str,
    clearance: Visibility,
    name: str,
    record: Record,
    **context,
) -> HttpResponse:
    """`template` with `record` as `name`, its citations the viewer may read
    attached, and whether its details are visible to them (`details`)."""
    Citation.objects.attach_to([record], clearance)
    return render(
        request,
        template,
        {
            name: record,
            "details": record.details_visible_at(clearance),
            "clearance": clearance,
            **context,
        },
    )
