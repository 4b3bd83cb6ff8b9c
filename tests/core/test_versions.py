"""Version keys (`core.versions`): a bumped scope is read afresh, a lost
version never brings an old entry back, and a read made between a write and
its commit does not outlive the commit."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from terreau.core import versions

pytestmark = pytest.mark.django_db


def read(value):
    return versions.remember("figures", ["done:1", "stories"], lambda: value)


def test_a_read_is_kept_until_one_of_its_scopes_is_bumped():
    assert read("first") == "first"
    assert read("second") == "first"
    versions.bump("other")
    assert read("third") == "first"
    versions.bump("stories")
    assert read("fourth") == "fourth"


def test_a_version_lost_from_the_cache_never_brings_an_old_entry_back():
    assert read("before") == "before"
    versions.bump("done:1")
    assert read("after the write") == "after the write"
    # Redis restarted without its keys, or evicted this one: the version
    # starts again from the clock, not from a value an old entry holds.
    cache.delete("version:done:1")
    assert read("read afresh") == "read afresh"


def test_a_read_between_a_write_and_its_commit_does_not_outlive_the_commit(
    django_capture_on_commit_callbacks,
):
    assert read("old") == "old"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        versions.bump("done:1")
        # Another request reads now, before the commit: it sees the old
        # rows and stores them under the version just bumped.
        assert read("uncommitted view") == "uncommitted view"
    assert read("committed") == "committed"


def test_each_bump_makes_reads_afresh_even_when_the_clock_does_not_move():
    """A version is the clock's nanosecond: two bumps in one tick (a coarse
    clock, two writes at once) must still be two versions."""
    with time_machine.travel(timezone.now(), tick=False):
        assert read("first") == "first"
        versions.bump("done:1")
        assert read("second") == "second"
        versions.bump("done:1", "stories")
        assert read("third") == "third"
        assert read("fourth") == "third"
