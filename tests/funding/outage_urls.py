"""The project's URLs plus two probes that lose their database connection mid-request.

``DROP`` holds what "losing the connection" means for the database under
test (terminating the backend on PostgreSQL, closing the file on SQLite);
each probe runs it on its first call only.
"""

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path

from funding.urls import handler500, urlpatterns as project_urlpatterns  # noqa: F401 (handler500 is used by Django)

DROP = []
CALLS = []


def _query():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _lose_connection_once():
    CALLS.append(1)
    if len(CALLS) == 1:
        for drop in DROP:
            drop()


def read_probe(request):
    _query()
    _lose_connection_once()
    _query()
    return HttpResponse(f"gelesen im Versuch {len(CALLS)}")


def write_probe(request):
    with transaction.atomic():
        Group.objects.create(name="halb geschrieben")
        _lose_connection_once()
        Group.objects.create(name="zweite Zeile")
    return HttpResponse("geschrieben")


urlpatterns = [
    path("test/lesen/", read_probe),
    path("test/schreiben/", write_probe),
    *project_urlpatterns,
]
