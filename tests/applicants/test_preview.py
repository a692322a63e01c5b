"""The PDF preview of a draft: typeset once per version, one render per user at a time (issue 8, finding 3)."""

import threading
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from applicants.models import RenderSlot
from funding import letters
from funding.models import Application, CostLine
from funding.models.applications import MAX_COST_LINES, MAX_TEXT_LENGTH

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def pdf_url(app):
    return f"/portal/antraege/{app.pk}/pdf/"


@pytest.fixture
def large_draft(application):
    """As large as the caps allow: the longest texts and the most cost lines."""
    text = ("Wir treffen uns jede Woche und üben Deutsch im Alltag. " * 200)[:MAX_TEXT_LENGTH]
    Application.objects.filter(pk=application.pk).update(summary=text, goals=text, target_group=text, activities=text)
    CostLine.objects.filter(application=application).delete()
    CostLine.objects.bulk_create(
        CostLine(application=application, category="material", order=n, amount=Decimal("100.00"),
                 description=f"Material Nr. {n}") for n in range(MAX_COST_LINES)
    )
    return application


class Renders:
    """Counts typesettings; the first one waits until ``release`` is set."""

    def __init__(self):
        self.count, self.started, self.release = 0, threading.Event(), threading.Event()
        self.real = letters.html_to_pdf

    def __call__(self, html):
        self.count += 1
        self.started.set()
        self.release.wait(timeout=10)
        return self.real(html)


def _get(user, url, results, key):
    client = Client()
    client.force_login(user)
    try:
        results[key] = client.get(url)
    finally:
        connection.close()


def test_it_renders_once_and_tells_a_second_request_to_retry(large_draft, alice):
    renders, results = Renders(), {}
    with mock.patch("funding.letters.html_to_pdf", side_effect=renders):
        first = threading.Thread(target=_get, args=(alice, pdf_url(large_draft), results, "first"))
        first.start()
        assert renders.started.wait(timeout=60)
        _get(alice, pdf_url(large_draft), results, "second")  # while the first is still typesetting
        renders.release.set()
        first.join(timeout=120)

        busy = results["second"]
        assert busy.status_code == 429 and busy["Retry-After"] == "5"
        assert "wird gerade erstellt, bitte versuchen Sie es gleich erneut" in busy.content.decode()
        assert results["first"].status_code == 200 and results["first"].content.startswith(b"%PDF")
        assert renders.count == 1 and not RenderSlot.objects.exists()

        again = Client()
        again.force_login(alice)
        assert again.get(pdf_url(large_draft)).content == results["first"].content
        assert renders.count == 1  # the same version: from the cache

        Application.objects.filter(pk=large_draft.pk).update(title="Sprachcafé plus")
        assert b"%PDF" in again.get(pdf_url(large_draft)).content[:8]
        assert renders.count == 2  # a new version: typeset anew


def test_it_takes_over_the_slot_of_a_process_that_died(application, alice, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.PREVIEW_RENDER_TIMEOUT_SECONDS + 1)
    RenderSlot.objects.create(user=alice, token="tot", started_at=long_ago)
    client = Client()
    client.force_login(alice)

    assert client.get(pdf_url(application)).status_code == 200
    assert not RenderSlot.objects.exists()


def test_it_caps_free_texts_in_the_form_with_a_clear_message(application):
    from applicants.forms.application import ProjectForm

    form = ProjectForm({"title": "Sprachcafé", "summary": "x" * (MAX_TEXT_LENGTH + 1)}, instance=application)

    assert not form.is_valid()
    assert form.errors["summary"] == [f"Bitte fassen Sie sich kürzer: höchstens {MAX_TEXT_LENGTH} Zeichen (jetzt {MAX_TEXT_LENGTH + 1})."]


def test_it_caps_free_texts_and_the_plan_in_the_services(application, alice):
    from django.core.exceptions import ValidationError

    from applicants.services.drafts import application_save_fields, cost_lines_replace
    from funding.services.transitions import WorkflowError

    with pytest.raises(ValidationError):
        application_save_fields(application=application, user=alice, values={"goals": "x" * (MAX_TEXT_LENGTH + 1)},
                                allowed=["goals"])
    rows = [{"category": "fees", "description": "Honorar", "amount": Decimal("1.00")}] * (MAX_COST_LINES + 1)
    with pytest.raises(WorkflowError, match="höchstens 100 Zeilen"):
        cost_lines_replace(application=application, user=alice, rows=rows)
    assert Application.objects.get(pk=application.pk).goals == "" and application.cost_lines.count() == 1
    others = [field.name for field in Application._meta.fields if field.name != "summary"]
    with pytest.raises(ValidationError, match="summary"):
        Application(summary="x" * (MAX_TEXT_LENGTH + 1)).clean_fields(exclude=others)
