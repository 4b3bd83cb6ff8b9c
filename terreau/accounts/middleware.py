from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffTwoFactorMiddleware:
    """Staff reach the back-office only with TOTP two-factor authentication.

    allauth offers TOTP to everyone and asks for the code at log-in once it is
    activated; it leaves "required for some people" to the project. A staff
    member without TOTP who opens the back-office, or another staff-only page
    listed in `TERREAU_STAFF_TWO_FACTOR_PATHS` (the member register…), is sent
    to activate it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and (
                request.path.startswith(reverse("admin:index"))
                or request.path.startswith(tuple(settings.TERREAU_STAFF_TWO_FACTOR_PATHS))
            )
            and not is_mfa_enabled(user, types=["totp"])
        ):
            messages.warning(
                request,
                _(
                    "La double authentification est obligatoire pour l'équipe : "
                    "activez-la pour accéder au back-office."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
