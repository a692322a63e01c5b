"""Shared fixtures: the named users of every test.

alice represents the applicant organisation, bob is a plain member of it,
charlie belongs to another organisation; rita reviews, anton approves,
finn is finance.
"""

from unittest import mock

import pytest
from django.core.management import call_command

from funding import roles
from tests.factories import (
    ApplicationFactory,
    LineFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    standing_documents,
)


@pytest.fixture(autouse=True)
def _german_by_default():
    """Every test starts in German, whatever language the one before left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Deutsch-Türkischer Kulturverein Rheine e.V.")


@pytest.fixture
def alice(organisation):
    return MembershipFactory(user=UserFactory(username="alice"), organisation=organisation).user


@pytest.fixture
def bob(organisation):
    return MembershipFactory(user=UserFactory(username="bob"), organisation=organisation, role="member").user


@pytest.fixture
def charlie(db):
    return MembershipFactory(user=UserFactory(username="charlie")).user


@pytest.fixture
def rita(db):
    return UserFactory(username="rita", roles=[roles.REVIEWER])


@pytest.fixture
def anton(db):
    return UserFactory(username="anton", roles=[roles.APPROVER])


@pytest.fixture
def finn(db):
    return UserFactory(username="finn", roles=[roles.FINANCE])


@pytest.fixture
def line(db):
    return LineFactory()


@pytest.fixture
def documents(organisation):
    """The standing documents every call asks for; submission needs them."""
    return standing_documents(organisation)


@pytest.fixture
def application(alice, organisation, line, documents):
    """A complete draft of alice's organisation that can be submitted as it is."""
    return ApplicationFactory(organisation=organisation, line=line, created_by=alice)


class _NoHeartbeat:
    def __init__(self, worker_id):
        pass

    def start(self):
        pass

    def stop(self):
        pass


@pytest.fixture
def run_tasks():
    """Runs every queued background task, as the worker would."""

    def run():
        # The worker closes "old" connections between tasks; inside the test's
        # transaction that would close the test's own connection. Its heartbeat
        # thread would write on a second connection and wait for the test's
        # uncommitted lease row (tests/funding/test_worker_recovery.py runs
        # real worker processes with heartbeats).
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"), \
                mock.patch("funding.management.commands.db_worker.Heartbeat", _NoHeartbeat):
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test databases, with the migrations' data kept for every connection object.

    Transactional tests with ``serialized_rollback`` restore the data of the
    migrations (groups, municipalities, base rates, texts) from the copy
    Django serialises onto the connection object when it creates the test
    database. Inside Playwright's sync API (its greenlet has its own context),
    ``django.db.connection`` is a new object without that copy, so a browser
    test whose browser was started before the database set-up (a module-wide
    browser) silently got an empty database after the previous test's flush.
    Kept on the connection class, every connection object finds it.
    """
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents
    yield


# Suites that test HTTP and typesetting, not the database engine: the API
# suite (with schemathesis) and the letters' PDF layout and content.
# scripts/run-tests.sh runs them once, on PostgreSQL, like the browser suites
# (docs/decisions.md).
ONCE = (
    "tests/api/",
    "tests/funding/test_letter_layout.py",
    "tests/funding/test_letter_pdfs.py",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(ONCE):
            item.add_marker(pytest.mark.once)
