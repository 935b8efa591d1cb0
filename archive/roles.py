"""Staff roles. They are Django groups created by a migration (archive/migrations)."""

from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

EDITOR = "editor"
MODERATOR = "moderator"
ADMINISTRATOR = "administrator"
# Roles that may not work without a second factor (editors may enrol one).
TWO_FACTOR_ROLES = frozenset({MODERATOR, ADMINISTRATOR})
ROLES = {
    EDITOR: _("Editor: enters and corrects records and sources"),
    MODERATOR: _(
        "Moderator: an editor who also publishes records and reviews submissions"
    ),
    ADMINISTRATOR: _("Administrator: everything, including users and roles"),
}


def staff_name(user) -> str:
    """How the workspace names a staff member: full name, else username."""
    return user.get_full_name() or user.get_username()


def roles_of(user) -> frozenset[str]:
    """The archive roles a user holds; cached on the user object for the request."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if not hasattr(user, "_archive_roles"):
        names = user.groups.filter(name__in=ROLES).values_list("name", flat=True)
        user._archive_roles = frozenset(names)
    return user._archive_roles


def is_archive_staff(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or bool(roles_of(user)))
    )


def two_factor_required(user) -> bool:
    """Moderators, administrators and superusers must sign in with a second factor."""
    return is_archive_staff(user) and (
        user.is_superuser or bool(roles_of(user) & TWO_FACTOR_ROLES)
    )


def _has_device(user) -> bool:
    if not hasattr(user, "_archive_has_device"):
        user._archive_has_device = user_has_device(user)
    return user._archive_has_device


def two_factor_satisfied(user) -> bool:
    """Signed in as far as the account asks: verified by a second factor (this
    session) when the role requires one or the user has enrolled a device."""
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    return not two_factor_required(user) and not _has_device(user)


def needs_two_factor_setup(user) -> bool:
    """Signed in with a password only, in a role that requires a device, and none
    enrolled yet."""
    return user.is_authenticated and two_factor_required(user) and not _has_device(user)
