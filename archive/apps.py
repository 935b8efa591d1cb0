from django.contrib.admin import apps as admin_apps


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the archive's site (two-factor sign-in)."""

    default = False  # the `archive` app itself keeps Django's default config
    default_site = "archive.admin_site.ArchiveAdminSite"
