import sys

from django.db import InterfaceError
from django.db import OperationalError
from django.db import transaction
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from . import health

# When a client told "unavailable" (503) may ask again.
RETRY_AFTER_SECONDS = 60


@require_GET
@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer and no threshold is passed
    (queue depth, waiting work, backup age); 503 otherwise, with details."""
    state = health.check()
    return _answer(state.as_dict(), ok=state.ok)


@require_GET
@never_cache
@transaction.non_atomic_requests
def livez(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer: for container health checks,
    which should not restart a server because a backup is late."""
    database, broker = health.database_is_up(), health.broker_is_up()
    return _answer({"database": database, "broker": broker}, ok=database and broker)


def _answer(state: dict, *, ok: bool) -> JsonResponse:
    """200, or 503 with when to ask again (monitors and load balancers read it)."""
    response = JsonResponse(state, status=200 if ok else 503)
    if not ok:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@csrf_exempt  # writes nothing; a POST to an unknown address gets JSON, not a CSRF page
def api_not_found(request: HttpRequest) -> JsonResponse:
    """Unknown addresses under /api/v1/ answer in JSON too."""
    return JsonResponse({"detail": "Not found.", "status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler. A database that cannot be reached is not the visitor's
    error nor a bug: it answers 503 with Retry-After, the archive's own page (JSON
    under /api/), rendered without touching the database."""
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": _("The archive is briefly unavailable; try again shortly."),
                "status": 503,
            },
            status=503,
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
