"""Start pages by role, health check, demo data, settings guards, 2FA."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from applicants.models import Municipality
from funding.models import Application, FundingCall, Letter, Payment, Recovery
from funding.workflow import State
from tests.funding.test_letters import pdf_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_it_loads_all_24_municipalities():
    assert Municipality.objects.count() == 24
    assert Municipality.objects.filter(kind="town").count() == 10


@pytest.mark.django_db
def test_it_answers_healthz(client):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_it_answers_503_without_database(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def _seed(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open(os.devnull, "w"))


@pytest.mark.django_db
def test_it_refuses_to_seed_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


DEMO_START_PAGES = [
    ("verein1", "applicants:dashboard", "Meine Anträge"),
    ("verein2", "applicants:dashboard", "Meine Anträge"),
    ("pruefung", "staff:dashboard", "Sachbearbeitung"),
    ("leitung", "staff:dashboard", "Leitung"),
    ("kasse", "staff:dashboard", "Kasse"),
    ("admin", "staff:dashboard", "Arbeitsbereich"),
]


@pytest.mark.django_db
def test_the_demo_holds_every_state_and_letter_kind_once_and_each_user_lands_on_their_start_page(settings, run_tasks):
    """One seeding for all of it: seeding renders the demo's letters, which takes a minute."""
    _seed(settings)
    run_tasks()  # the worker issues the Eingangsbestätigungen and the application PDFs
    letters = Letter.objects.count()
    _seed(settings)  # idempotent
    assert Letter.objects.count() == letters

    call = FundingCall.objects.get(reference_prefix="MSO-2017")
    assert call.lines.count() == 3
    states = set(Application.objects.values_list("state", flat=True))
    assert states == {value for value, _label in State.choices}
    assert 35 <= Application.objects.filter(call=call).count() <= 50  # Steinfurt's call; Musterstadt has its own
    submitted = Application.objects.filter(call=call).exclude(state="draft")
    references = sorted(submitted.values_list("file_reference", flat=True))
    assert references == [f"MSO-2017-{n:04d}" for n in range(1, len(references) + 1)]

    # a letter of every kind, the Anhörung and the Zinsbescheid on interest for late use
    # (LATE_USE_HEARING, LATE_USE_INTEREST) among them: one grant's payout lies 100 days back.
    made = set(Letter.objects.values_list("kind", flat=True))
    expected = set(Letter.Kind.values)
    assert {Letter.Kind.LATE_USE_INTEREST, Letter.Kind.LATE_USE_HEARING} <= expected
    assert made == expected, expected - made
    claim = Recovery.objects.get(kind="late_use", application__call=call)
    assert claim.status == "claimed" and claim.hearing.answer and claim.interest_amount > 0
    _assert_late_use_history_in_order(claim)

    settings.REQUIRE_STAFF_2FA = False
    _assert_assisted_applications(call)
    for username, start_page, text in DEMO_START_PAGES:
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": "demo"}, follow=True)
        assert response.redirect_chain[-1][0] == reverse(start_page), username
        content = response.content.decode()
        assert text in content, username
        assert '<html lang="de" dir="ltr">' in content
    request = RequestFactory().post(reverse("login"))
    assert authenticate(request, username="verein1", password="demo") is not None
    settings.DEBUG = False
    assert authenticate(request, username="verein1", password="demo") is None


def _assert_late_use_history_in_order(claim):
    """Submitted, decided, paid out, heard, the Zinsbescheid today: in the log, the rows and the stored letters."""
    app = claim.application
    day = timezone.localdate
    log = StateLog.objects.for_(app).order_by("timestamp")
    assert [entry.transition for entry in log] == ["submit", "start_review", "approve"]
    assert [day(entry.timestamp) for entry in log] == [day(app.submitted_at), day(log[1].timestamp), day(app.decided_at)]
    submitted, decided = day(app.submitted_at), day(app.decision.decided_at)
    paid_on = Payment.objects.get(application=app).paid_on
    heard, answered = day(claim.hearing.created_at), claim.hearing.answer_received_on
    assert day(app.created_at) <= submitted < day(log[1].timestamp) < decided == day(app.decided_at) < paid_on
    assert paid_on + timedelta(days=61) < heard < claim.hearing.deadline and heard < answered < day(claim.claimed_at)
    assert day(claim.claimed_at) == timezone.localdate()
    letters = {letter.kind: letter for letter in app.letters.all()}
    dated = [(Letter.Kind.APPROVAL, decided), (Letter.Kind.LATE_USE_HEARING, heard), (Letter.Kind.LATE_USE_INTEREST, day())]
    for kind, on in dated:  # each letter stored on its day and bearing that date; the payout between them
        assert day(letters[kind].created_at) == on, kind
        with letters[kind].file.open("rb") as stored:
            text = pdf_text(stored.read())
        assert f"Datum {on:%d.%m.%Y}" in text, kind
        if kind != Letter.Kind.APPROVAL:
            assert f"Auszahlung vom {paid_on:%d.%m.%Y}" in text and f"Zuwendungsbescheid vom {decided:%d.%m.%Y}" in text
    assert f"Ihr Antrag vom {submitted:%d.%m.%Y}" in pdf_text(letters[Letter.Kind.APPROVAL].file.open("rb").read())


def _assert_assisted_applications(call):
    """Two filed by the demo reviewer: one confirmed in person with a note, one whose e-mail link is unused."""
    assisted = Application.objects.filter(call=call, assisted_by__username="pruefung").order_by("file_reference")
    assert [app.state for app in assisted] == [State.SUBMITTED, State.SUBMITTED]
    in_person, by_link = assisted
    assert in_person.declarations_confirmed_via == "in_person" and in_person.declarations_confirmation_note
    assert in_person.declarations_recorded_by.username == "pruefung" and not in_person.declarations_pending
    assert by_link.declarations_pending and by_link.declaration_requests.filter(used_at=None).count() == 1
    client = Client()
    client.force_login(in_person.assisted_by)
    page = client.get(reverse("staff:application_detail", args=[by_link.pk])).content.decode()
    assert "noch nicht bestätigt" in page
    page = client.get(reverse("staff:application_detail", args=[in_person.pk])).content.decode()
    assert "persönlich bestätigt" in page and in_person.declarations_confirmed_name in page


@pytest.mark.django_db
def test_it_sends_staff_without_second_factor_to_2fa(client, rita, settings):
    settings.REQUIRE_STAFF_2FA = True
    client.force_login(rita)
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))


@pytest.mark.django_db
def test_it_does_not_ask_applicants_for_a_second_factor(client, alice, settings):
    settings.REQUIRE_STAFF_2FA = True
    client.force_login(alice)
    assert client.get(reverse("applicants:dashboard")).status_code == 200


@pytest.mark.django_db
def test_it_hides_the_staff_area_from_applicants(client, alice):
    client.force_login(alice)
    assert client.get(reverse("staff:dashboard")).status_code == 404


def _django(args, **env):
    removed = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")  # production settings
    environment = {k: v for k, v in os.environ.items() if k not in removed}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _django(["check"], DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_passes_the_deployment_check():
    result = _django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0", SECRET_KEY="x" * 20 + "a-long-and-random-production-key-1234567890", ALLOWED_HOSTS="foerderung.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
