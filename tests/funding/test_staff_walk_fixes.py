"""What the staff stumbled on: a note one click from a message, a reopened review
without its recommendation, a debug 404, tables that hide columns or cannot be
scrolled by keyboard; and the work list each role starts from."""

import re

import pytest
from django.urls import reverse

from funding.models import Review
from funding.services import reviews
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def test_it_gives_the_internal_note_its_own_field_ids(client, application, alice, rita):
    steps.submitted(application, alice)
    client.force_login(rita)
    html = client.get(reverse("staff:application_detail", args=[application.pk])).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'for="note_body"' in html and 'id="note_body"' in html


def test_it_reopens_a_saved_review_with_its_recommendation_and_note(client, application, alice, rita):
    steps.in_review(application, alice, rita)
    checklist = {row["key"]: {"auto": row["auto"], "ok": True} for row in reviews.automatic_checks(application)}
    reviews.review_save(application=application, user=rita, checklist=checklist, scores={},
                        recommendation="approve", recommended_amount=None, note="Prüfvermerk: schlüssig.", complete=False)
    assert Review.objects.get(application=application).recommendation == "approve"
    client.force_login(rita)
    html = client.get(reverse("staff:review", args=[application.pk])).content.decode()
    assert re.search(r'value="approve"[^>]*checked|<option value="approve" selected', html)
    assert "Prüfvermerk: schlüssig." in html


def test_it_answers_the_reviewer_on_the_approve_url_with_the_apps_404_page(client, application, alice, rita, settings):
    settings.DEBUG = True  # even then: no debug page listing the URL patterns
    steps.reviewed(application, alice, rita)
    client.force_login(rita)
    response = client.get(reverse("staff:approve", args=[application.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="de"' in html and "URLconf" not in html


def test_it_lets_the_keyboard_scroll_every_table_of_the_queue(client, application, alice, rita):
    steps.submitted(application, alice)
    client.force_login(rita)
    html = client.get(reverse("staff:queue")).content.decode()
    regions = re.findall(r'<div class="table-scroll"[^>]*>', html)
    assert regions and all('tabindex="0"' in region and "aria-label" in region for region in regions)


def test_it_shows_the_reviewer_the_new_applications_on_the_start_page(client, application, alice, rita):
    application = steps.submitted(application, alice)
    client.force_login(rita)
    html = client.get(reverse("staff:dashboard")).content.decode()
    new = html[html.index('id="worklist-new"'):]
    assert "Neu eingegangen" in html and application.file_reference in new


def test_it_shows_the_approver_what_waits_for_a_decision(client, application, alice, rita, anton):
    application = steps.reviewed(application, alice, rita)
    client.force_login(anton)
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert 'id="worklist-decide"' in html and "Zur Entscheidung" in html
    assert application.file_reference in html[html.index('id="worklist-decide"'):]
