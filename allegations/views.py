from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import render

from archive.visibility import clearance_of
from sources.models import Citation

from .models import TortureAllegation


def allegation_detail(request: HttpRequest, uuid) -> HttpResponse:
    clearance = clearance_of(request.user)
    allegation = get_object_or_404(
        TortureAllegation.objects.visible_at(clearance).select_related(
            "victim", "facility", "perpetrator_unit", "criminal_case"
        ),
        uuid=uuid,
    )
    Citation.objects.attach_to([allegation], clearance)
    return render(
        request,
        "allegations/tortureallegation_detail.html",
        {
            "allegation": allegation,
            "details": allegation.details_visible_at(clearance),
            "clearance": clearance,
        },
    )
