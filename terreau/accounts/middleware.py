from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.middleware import get_user
from django.utils.functional import SimpleLazyObject


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
    "required for some people" to the project: staff views are decorated
    with `accounts.decorators.staff_required`, which sends a staff member
    without the factor to pass it, and the back-office's log-in view does
    the same. Elsewhere such a staff member is treated as any resident.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _user_with_second_factor(request))
        return self.get_response(request)
