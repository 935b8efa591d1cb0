"""Who may see what: the one place that turns a viewer into the levels they read.

Every record has a `visibility`; sensitive fields follow its `details_visibility`.
Levels are ordered: public < partners < staff. Anonymous visitors read `public`;
partner API tokens with the `read:partners` scope read up to `partners` (see the API);
members of a staff role read everything.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import is_archive_staff


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Partners and staff")
    STAFF = "staff", _("Staff only")


ORDER = [Visibility.PUBLIC, Visibility.PARTNERS, Visibility.STAFF]


def clearance_of(user) -> Visibility:
    """The highest level a signed-in user (or AnonymousUser) may read."""
    return Visibility.STAFF if is_archive_staff(user) else Visibility.PUBLIC


def request_clearance(request) -> Visibility:
    """What a request may read: a partner token's scope (archive.api), else the
    signed-in user's role."""
    token = getattr(request, "auth", None)
    if token is not None and hasattr(token, "clearance"):
        return token.clearance
    return clearance_of(request.user)


def levels_up_to(clearance: Visibility) -> list[str]:
    """`levels_up_to(Visibility.PARTNERS)` -> ["public", "partners"]."""
    return [level.value for level in ORDER[: ORDER.index(clearance) + 1]]


def may_read(clearance: Visibility, level: str) -> bool:
    return level in levels_up_to(clearance)
