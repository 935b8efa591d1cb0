from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@require_GET
@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer, 503 otherwise, with details."""
    state = health.check()
    return JsonResponse(state.as_dict(), status=200 if state.ok else 503)


def api_not_found(request: HttpRequest) -> JsonResponse:
    """Unknown addresses under /api/v1/ answer in JSON too."""
    return JsonResponse({"detail": "Not found.", "status": 404}, status=404)
