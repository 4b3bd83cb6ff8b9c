"""`staff_required`: the staff rule attached to the views that need it.

A view so decorated is for staff powers only (`has_staff_powers`): a
signed-out visitor is sent to log in, a staff member whose session has not
passed the second factor is sent to pass it (to activate TOTP first if they
never did), and anyone else is refused (403). Views where staff is one right
among others (the author, the animator…) check `has_staff_powers` through
their app's `permissions` instead, and treat staff without the second
factor as any resident."""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from terreau.accounts.permissions import has_staff_powers


def second_factor_redirect(request, next_url: str):
    """Where a staff member without the second factor goes: to activate TOTP,
    or to enter a code if it is active; then back to `next_url`."""
    if not is_mfa_enabled(request.user, types=["totp"]):
        messages.warning(
            request,
            _(
                "La double authentification est obligatoire pour l'équipe : "
                "activez-la pour accéder au back-office."
            ),
        )
        return redirect("mfa_activate_totp")
    messages.info(
        request,
        _(
            "Les pages de l'équipe demandent un code de double authentification saisi pendant cette session."
        ),
    )
    return redirect(
        reverse("mfa_reauthenticate") + "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
    )


def staff_required(view):
    @wraps(view)
    def staff_view(request, *args, **kwargs):
        user = request.user
        if has_staff_powers(user):
            return view(request, *args, **kwargs)
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_staff and user.is_active:
            # A form posted without the factor is not replayed: back to the home page.
            return second_factor_redirect(
                request, request.get_full_path() if request.method == "GET" else "/"
            )
        raise PermissionDenied

    staff_view.staff_only = True  # found by the tests through the URL resolver
    return staff_view
