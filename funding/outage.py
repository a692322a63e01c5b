"""A lost database connection: retry safe requests once, else a German 503.

When the database drops a connection (a restart, a failover, an operator's
pg_terminate_backend), the request that used it fails with a database
error. Django's 500 handler (``server_error`` here, ``handler500`` in the
URLconf) sees the exception while it is being handled: if the connection is
gone it closes it and answers 503 with Retry-After. For GET and HEAD the
middleware then runs the request once more on a fresh connection. Other
requests are not repeated: their transaction was rolled back by the
database when the connection died, so nothing half-written remains, and
the user can send the form again.
"""

import sqlite3
import sys

import psycopg

from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 5
SAFE_METHODS = ("GET", "HEAD")


def _driver_says_connection_lost(error):
    """The driver's error behind Django's: the connection itself failed, not the statement."""
    cause = error.__cause__
    if isinstance(cause, sqlite3.ProgrammingError):
        return "closed database" in str(cause)
    if isinstance(cause, psycopg.InterfaceError):
        return True
    if isinstance(cause, psycopg.OperationalError):
        # No SQLSTATE: the socket broke; class 08: connection exception;
        # 57P01-57P03: the server ended the session (pg_terminate_backend, shutdown).
        state = cause.sqlstate or ""
        return not state or state.startswith("08") or state in ("57P01", "57P02", "57P03")
    return False


def _broken(connection):
    raw = connection.connection
    return raw is not None and (getattr(raw, "broken", False) or getattr(raw, "closed", False) is True)


def connection_lost(error):
    """True for an error that means the database connection is gone."""
    if not isinstance(error, DatabaseError):
        return False
    return _driver_says_connection_lost(error) or any(_broken(c) for c in connections.all(initialized_only=True))


def close_all_connections():
    """Drops every connection; the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None


def unavailable_response():
    """The German 503 page, rendered without the database (no context processors)."""
    response = HttpResponse(render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, *args, **kwargs):
    """handler500: a 503 for a lost database connection, Django's 500 page otherwise."""
    if connection_lost(sys.exc_info()[1]):
        close_all_connections()
        request.mso_database_lost = True
        return unavailable_response()
    return django_server_error(request, *args, **kwargs)


class RetryOnLostConnectionMiddleware:
    """First in MIDDLEWARE: repeats a GET or HEAD once when its database connection was lost."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "mso_database_lost", False) and request.method in SAFE_METHODS:
            request.mso_database_lost = False
            response = self.get_response(request)
        return response

