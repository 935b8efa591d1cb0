from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the archive's site (two-factor sign-in)."""

    default = False  # the `archive` app itself is ArchiveConfig
    default_site = "archive.admin_site.ArchiveAdminSite"


class ArchiveConfig(AppConfig):
    """The archive's kernel: after every migrate, the application's database role
    gets what each table allows (archive.grants)."""

    name = "archive"
    default = True

    def ready(self) -> None:
        from .grants import grant_application_role

        post_migrate.connect(grant_application_role, sender=self)
