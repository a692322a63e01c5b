"""A database connection lost mid-request: GET and HEAD are retried once on a
fresh connection; other requests get a German 503 with Retry-After and
leave nothing half-written. PostgreSQL: a real pg_terminate_backend from a
second connection; SQLite: the request's database connection is closed."""

import psycopg
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.backends.signals import connection_created

from tests.funding import outage_urls

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _terminate_backend():
    """Kills the request's PostgreSQL backend from a second connection, as an operator would."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def _close_database():
    connection.connection.close()


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # answer as a server would, do not re-raise
    return client


@pytest.fixture(autouse=True)
def probes(settings):
    settings.ROOT_URLCONF = "tests.funding.outage_urls"
    outage_urls.CALLS.clear()
    outage_urls.DROP[:] = [_terminate_backend if connection.vendor == "postgresql" else _close_database]
    yield
    outage_urls.DROP.clear()


@pytest.fixture
def opened():
    """Connections opened while the test runs (Django's connection_created signal)."""
    found = []

    def receiver(sender, connection, **kwargs):
        found.append(connection.alias)

    connection_created.connect(receiver)
    yield found
    connection_created.disconnect(receiver)


@pytest.mark.parametrize("method", ["get", "head"])
def test_it_retries_a_safe_request_once_on_a_fresh_connection(client, method, opened):
    connection.ensure_connection()
    response = getattr(client, method)("/test/lesen/")
    assert response.status_code == 200
    if method == "get":
        assert response.content.decode() == "gelesen im Versuch 2"
    assert len(outage_urls.CALLS) == 2
    assert opened == ["default"]  # the retry ran on a new connection


def test_it_answers_a_post_with_a_german_503_and_keeps_nothing_half_written(client):
    response = client.post("/test/schreiben/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Vorübergehend nicht erreichbar" in page and "nichts halb gespeichert" in page
    assert len(outage_urls.CALLS) == 1  # not repeated
    assert not Group.objects.filter(name__in=["halb geschrieben", "zweite Zeile"]).exists()


def test_it_serves_the_next_request_normally(client):
    client.post("/test/schreiben/")
    assert client.get("/healthz").status_code == 200
    assert client.get("/konto/anmelden/").status_code == 200


def test_it_still_answers_other_errors_with_500(client, settings):
    outage_urls.DROP[:] = [lambda: Group.objects.create(name="doppelt") and Group.objects.create(name="doppelt")]
    response = client.get("/test/lesen/")
    assert response.status_code == 500
