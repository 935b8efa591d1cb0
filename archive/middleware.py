"""Requests the archive refuses before any view sees them."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


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
