"""Staff roles. They are Django groups created by a migration (archive/migrations)."""

from django.utils.translation import gettext_lazy as _

EDITOR = "editor"
MODERATOR = "moderator"
ADMINISTRATOR = "administrator"
ROLES = {
    EDITOR: _("Editor: enters and corrects records and sources"),
    MODERATOR: _(
        "Moderator: an editor who also publishes records and reviews submissions"
    ),
    ADMINISTRATOR: _("Administrator: everything, including users and roles"),
}


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
