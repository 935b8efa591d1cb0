"""Requests the archive refuses before any view sees them, staff sessions that have
been idle too long, and the log of partner tokens' requests."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseBadRequest
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .actions import record_token_use
from .models import PartnerToken
from .roles import is_archive_staff

LAST_SEEN = "archive_last_seen"


class RefuseNullBytes:
    """A query string with a NUL character is a 400. PostgreSQL cannot compare text
    with NUL in it: an admin filter such as `?visibility__exact=%00` raised a
    DataError (a 500) before this. Form fields already refuse NUL themselves."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or "\x00" in value for key, value in _pairs(request)):
            message = _("A request may not hold a null character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "status": 400}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


def _pairs(request: HttpRequest):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value


class StaffIdleExpiry:
    """Signs staff out after STAFF_IDLE_MINUTES without a request: a workspace left
    open on a shared or seized computer closes by itself."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and is_archive_staff(user):
            now = time.time()
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.STAFF_IDLE_MINUTES * 60:
                logout(request)
            else:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class LogTokenUse:
    """Every API request made with a partner token is logged with its answer's
    status (DRF sets `request.auth` to the token while it authenticates)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = getattr(request, "auth", None)
        if isinstance(token, PartnerToken):
            record_token_use(
                token,
                method=request.method,
                path=request.path,
                status=response.status_code,
            )
        return response
