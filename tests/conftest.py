import pytest
from allauth.mfa.models import Authenticator

from tests.accounts.factories import UserFactory
from tests.territories.factories import import_slice


@pytest.fixture
def territories(db):
    """Hérault, Tarn, Guadeloupe and Ain, from the real official data."""
    return import_slice()


@pytest.fixture
def person(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    """A staff member who has set up TOTP, as the back-office requires."""
    user = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user
