from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.middleware import get_user
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def passed_second_factor(request, user) -> bool:
    """Whether this session passed the second factor for `user`: allauth
    records every authentication step of the session, and a TOTP or recovery
    code entered at log-in or on reauthentication is recorded as "mfa". The
    authenticator must still exist (a TOTP removed since counts no more)."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    ) and is_mfa_enabled(user, types=["totp"])


def _user_with_second_factor(request):
    user = get_user(request)  # cached on the request by Django
    if user.is_authenticated and user.is_staff:
        user.passed_second_factor = passed_second_factor(request, user)
    return user


class SecondFactorMiddleware:
    """Staff powers need a session that passed the second factor.

    Marks the request's user with `passed_second_factor`, which
    `accounts.permissions.has_staff_powers` (every staff check of the code)
    and the back-office's `has_permission` read. allauth offers TOTP to
    everyone and asks for the code at log-in once it is activated; it leaves
    "required for some people" to the project. A staff member who opens the
    back-office or another staff page (`TERREAU_STAFF_TWO_FACTOR_PATHS`)
    without it is sent to activate TOTP, or to enter a code if TOTP is
    already active; elsewhere they are treated as any resident.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _user_with_second_factor(request))
        user = request.user
        if (
            request.path.startswith(
                (reverse("admin:index"), *settings.TERREAU_STAFF_TWO_FACTOR_PATHS)
            )
            and user.is_authenticated
            and user.is_staff
            and user.is_active
            and not user.passed_second_factor
        ):
            if not is_mfa_enabled(user, types=["totp"]):
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
                    "Les pages de l'équipe demandent un code de double authentification "
                    "saisi pendant cette session."
                ),
            )
            next_url = request.get_full_path() if request.method == "GET" else "/"
            return redirect(
                reverse("mfa_reauthenticate") + "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
            )
        return self.get_response(request)
