from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from terreau.accounts.permissions import has_staff_powers


class BackOfficeSite(admin.AdminSite):
    """Django's admin, opened only to staff whose session passed the second
    factor, and with no log-in form of its own: its form would log in with
    the password alone, outside allauth's second factor and rate limits."""

    def has_permission(self, request):
        return has_staff_powers(request.user)

    def admin_view(self, view, cacheable=False):
        """Staff without the second factor go straight to pass it (Django
        would send them to the log-in view, which would then send them)."""
        checked = super().admin_view(view, cacheable)

        @wraps(view)
        def back_office_view(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and user.is_staff and not has_staff_powers(user):
                return _second_factor(request, request.get_full_path())
            return checked(request, *args, **kwargs)

        return back_office_view

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index")
        if request.user.is_authenticated:
            if not request.user.is_staff:
                raise PermissionDenied
            if not has_staff_powers(request.user):
                return _second_factor(request, next_url)
            return redirect(next_url)
        return redirect(reverse("account_login") + "?" + urlencode({REDIRECT_FIELD_NAME: next_url}))


def _second_factor(request, next_url):
    # Imported here: INSTALLED_APPS imports this module before the models
    # that one needs are loaded.
    from terreau.accounts.decorators import second_factor_redirect

    return second_factor_redirect(request, next_url)


class BackOfficeConfig(AdminConfig):
    default_site = "terreau.accounts.backoffice.BackOfficeSite"

    def ready(self):
        super().ready()  # registers every app's admin
        # allauth's authenticators, under a French name in Terreau's section.
        from allauth.mfa.admin import AuthenticatorAdmin
        from allauth.mfa.models import Authenticator

        from terreau.accounts.models import SecondFactor

        admin.site.unregister(Authenticator)
        admin.site.register(SecondFactor, AuthenticatorAdmin)
