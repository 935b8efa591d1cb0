"""Who may see what: the one rule that every page, API response, export, search,
sort order and statistic asks.

Every record has a `visibility`; sensitive fields follow its `details_visibility`.
Levels are ordered: public < partners < staff. Anonymous visitors read `public`;
partner API tokens with the `read:partners` scope read up to `partners` (see the API);
members of a staff role read everything.

A person's real name is a third question, answered by consent alone: it reaches a
viewer below staff only when `naming` is full (consent on record), whatever the
record's or its details' level. The same rule decides who may find a person by a
spelling, and reads a spelling: the SQL function `victims_spelling_level` (victims
migration 0008) restates it, and the privacy matrix test holds both to it.

A real name also decides what may locate a person in a document: below staff, a
record about a person whose name is withheld shows no citation's source, locator or
note and no list row or list membership, only how many sources cite it
(`Record.names_withheld_at`). A list published elsewhere names the person at that
row as surely as the archive would.

Widening who may see something (a lower level, or a fuller naming) is a moderator's
decision, like publishing; anyone may narrow. The write side states that rule
once, in `archive.widening`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import is_archive_staff
from .roles import two_factor_satisfied


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Partners and staff")
    STAFF = "staff", _("Staff only")


ORDER = [Visibility.PUBLIC, Visibility.PARTNERS, Visibility.STAFF]
# A person's `naming` when consent to be named in full is on record (victims'
# Person.Naming.FULL): the one value that lets a real name below staff.
NAMED_IN_FULL = "full"


def clearance_of(user) -> Visibility:
    """The highest level a signed-in user (or AnonymousUser) may read: staff read
    as staff only once signed in as far as their account asks (two factors for
    moderators and administrators, and for anyone who enrolled a device)."""
    if is_archive_staff(user) and two_factor_satisfied(user):
        return Visibility.STAFF
    return Visibility.PUBLIC


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
    """May a viewer with `clearance` read something kept at `level`?"""
    return level in levels_up_to(clearance)


def name_shown(clearance: Visibility, *, consented: bool) -> bool:
    """Is a real name shown (and searchable) to `clearance`? Only with consent on
    record, or to staff."""
    return consented or clearance == Visibility.STAFF
