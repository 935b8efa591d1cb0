"""Who is calling the API and how often: partner tokens and throttles.

Kept apart from archive.api because DRF reads these classes from settings while its
own views module is being imported; this module must not import DRF views.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication
from rest_framework import exceptions
from rest_framework import throttling
from rest_framework.settings import api_settings

from .actions import note_token_use
from .models import PartnerToken


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer qa_<prefix>_<secret>`: the caller is a partner token
    (request.auth), not a user. A wrong or revoked token is a 401, never anonymous."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            secret = ""
        token = PartnerToken.objects.matching(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked token."))
        note_token_use(token)
        return AnonymousUser(), token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


def _rate_from_settings(throttle) -> str | None:
    # Read at each request, not at import, so that settings changes apply.
    return api_settings.DEFAULT_THROTTLE_RATES.get(throttle.scope)


class AnonymousThrottle(throttling.AnonRateThrottle):
    scope = "anonymous"
    get_rate = _rate_from_settings

    def get_cache_key(self, request, view):
        if request.auth is not None or request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class PartnerTokenThrottle(throttling.SimpleRateThrottle):
    scope = "partner"
    get_rate = _rate_from_settings

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, PartnerToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
