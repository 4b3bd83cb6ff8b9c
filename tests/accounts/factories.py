import base64
import hashlib
import hmac
import struct
import time

import factory
from allauth.account.models import EmailAddress
from django.test import RequestFactory

from terreau.accounts.models import User

PASSWORD = "un-mot-de-passe-solide-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Personne {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


# The TOTP secret of the `staff` fixture (tests/conftest.py).
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """The code an authenticator app shows now (RFC 6238: HMAC-SHA1 of the
    30-second counter, 6 digits), computed here rather than by allauth, so
    the tests check allauth's side against an independent one."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def fresh_totp_code(secret: str = TOTP_SECRET, margin: float = 8) -> str:
    """The current code, taken with at least `margin` seconds of its 30-second
    period left: allauth accepts the current period only, and a slow machine
    could otherwise send a code computed just before the period turned (the
    place journey failed so once in CI). A person would read the next one."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.1)
    return totp_code(secret)


def sign_in_with_second_factor(client, user) -> None:
    """Sign `user` in on the test `client` as allauth records a log-in by
    password then TOTP code. The full flow (forms, codes, rate limits) is
    tested in tests/accounts/test_two_factor.py; other tests start from its
    outcome, as `force_login` does for a password."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    client.force_login(user)
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    record_authentication(request, user, "password", email=user.email)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    session.save()


def sign_in(client, user) -> None:
    """Sign `user` in as they would: the password, then the TOTP code when
    they have activated it."""
    from allauth.mfa.utils import is_mfa_enabled

    if is_mfa_enabled(user, types=["totp"]):
        sign_in_with_second_factor(client, user)
    else:
        client.force_login(user)
