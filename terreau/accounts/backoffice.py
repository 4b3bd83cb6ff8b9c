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

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index")
        if request.user.is_authenticated:
            if not request.user.is_staff:
                raise PermissionDenied
            # Staff without the second factor are stopped by
            # SecondFactorMiddleware before they reach this view.
            return redirect(next_url)
        return redirect(reverse("account_login") + "?" + urlencode({REDIRECT_FIELD_NAME: next_url}))


class BackOfficeConfig(AdminConfig):
    default_site = "terreau.accounts.backoffice.BackOfficeSite"
