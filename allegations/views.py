from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from archive.visibility import clearance_of
from sources.pages import record_page

from .models import TortureAllegation


def allegation_detail(request: HttpRequest, uuid) -> HttpResponse:
    clearance = clearance_of(request.user)
    allegation = get_object_or_404(
        TortureAllegation.objects.visible_at(clearance).select_related(
            "victim", "facility", "perpetrator_unit", "criminal_case"
        ),
        uuid=uuid,
    )
    template = "allegations/tortureallegation_detail.html"
    return record_page(request, template, clearance, "allegation", allegation)
