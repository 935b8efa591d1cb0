"""The staff workspace's site: Django's admin behind two-factor sign-in
(django-two-factor-auth). Moderators and administrators must verify with a second
factor; editors may enrol one, and once they have, they must use it."""

from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from two_factor.admin import AdminSiteOTPRequiredMixin

from .roles import needs_two_factor_setup
from .roles import two_factor_satisfied


class ArchiveAdminSite(AdminSiteOTPRequiredMixin, AdminSite):
    def has_permission(self, request) -> bool:
        return AdminSite.has_permission(self, request) and two_factor_satisfied(
            request.user
        )

    def login(self, request, extra_context=None):
        """Sign-in is two_factor's (password, then the second factor); a signed-in
        moderator or administrator without a device is sent to enrol one."""
        if needs_two_factor_setup(request.user):
            return redirect("two_factor:setup")
        return super().login(request, extra_context)
