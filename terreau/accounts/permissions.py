"""Who may use staff powers.

`is_staff` says a person belongs to the cooperative's team; it grants nothing
by itself. Staff powers (the back-office, every page or action that staff may
use on objects that are not theirs) need a session that passed the second
factor: a TOTP code (or a recovery code) entered during this session, at
log-in or by reauthentication. A stolen password alone opens nothing more
than a resident's account.
"""


def has_staff_powers(user) -> bool:
    """True for an active staff member whose current session passed the
    second factor (`SecondFactorMiddleware` marks the request's user)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and getattr(user, "passed_second_factor", False)
    )
