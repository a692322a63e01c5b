"""A URLconf whose home page lives elsewhere (tests/funding/test_page_shell.py)."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/", lambda request: HttpResponse(), name="home")]
