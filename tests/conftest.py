import pytest
from allauth.mfa.models import Authenticator
from django.core.cache.backends.locmem import LocMemCache

from terreau.core.models import FOUNDING_THEMES, Theme
from tests.accounts.factories import TOTP_SECRET, UserFactory
from tests.territories.factories import import_slice


@pytest.fixture(autouse=True)
def _empty_memory_cache():
    """Tests run with `tests.caches.IN_MEMORY` share the process's memory
    cache (one store per location): each starts with it empty, as the rows
    of the test before are gone and their ids may come back."""
    LocMemCache("", {}).clear()


@pytest.fixture
def founding_themes(db):
    """The six themes. A data migration creates them, but the flush that ends
    each transactional test (browser, concurrency) empties every table, so
    tests that need them make sure they are there."""
    for position, (slug, name) in enumerate(FOUNDING_THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


@pytest.fixture
def five_laws(db):
    """The five laws, seeded by a migration; restored after a flush, like the themes."""
    from terreau.governance import laws
    from terreau.governance.models import Law

    laws.seed(Law)


@pytest.fixture
def territories(founding_themes, five_laws):
    """Hérault, Tarn, Guadeloupe and Ain, from the real official data."""
    return import_slice()


@pytest.fixture
def person(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    """A staff member who has set up TOTP, as the back-office requires. Sign
    them in with `sign_in_with_second_factor`: with `force_login` alone (a
    password) they have no staff power."""
    user = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    return user


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` (concurrency) run in CI's PostgreSQL pass;
    SQLite serialises writers, so racing threads prove nothing there."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run by the PostgreSQL pass of .ci/run)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests hash and check passwords by the hundred: a fast hasher instead
    of PBKDF2's 10⁶ rounds (production keeps Django's default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded documents go to a temporary folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


# The triggers SQLite held before a transactional test lifted them (see below).
MIGRATED_TRIGGERS = pytest.StashKey[tuple]()


@pytest.fixture
def append_only_tables_flushable(request, transactional_db, django_db_blocker):
    """Transactional tests end with a flush of every table. PostgreSQL's
    TRUNCATE passes the append-only triggers of the member register and the
    audit trail; SQLite deletes row by row, which they refuse. On SQLite,
    this lifts them just before that flush, and `pytest_runtest_teardown`
    puts back, once the flush is done, exactly the triggers that existed
    before the test (SQLite keeps their SQL): whatever order the files run
    in, later tests check what migration 0002 installed."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    request.node.stash[MIGRATED_TRIGGERS] = (django_db_blocker, sqlite_triggers(connection))
    yield
    from terreau.governance.append_only import backward_sql

    with connection.cursor() as cursor:
        for statement in backward_sql("sqlite"):
            cursor.execute(statement)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After every fixture is torn down (the database flush included)."""
    try:
        return (yield)
    finally:
        if MIGRATED_TRIGGERS in item.stash:
            from django.db import connection

            django_db_blocker, migrated = item.stash[MIGRATED_TRIGGERS]
            with django_db_blocker.unblock():
                present = sqlite_triggers(connection)
                with connection.cursor() as cursor:
                    for name, statement in migrated.items():
                        if name not in present:
                            cursor.execute(statement)


def sqlite_triggers(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        return dict(cursor.fetchall())
