"""Pages keep a constant number of queries, with 1 item as with 50."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.services.proofs import proof_receipts_replace, proof_save_figures
from funding.models import CostLine, Drawdown, Letter, Message
from funding.services.letters import store_letter
from tests.factories import ApplicationFactory, DocumentFactory

pytestmark = pytest.mark.django_db
RECEIPT = {"date": "2025-01-01", "payee": "Copyshop", "purpose": "Flyer", "amount": Decimal("1"), "category": ""}


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context)


def test_it_keeps_the_overview_flat(client, alice, organisation, django_assert_max_num_queries):
    client.force_login(alice)
    ApplicationFactory(organisation=organisation)
    single = queries(client, "/portal/")
    ApplicationFactory.create_batch(49, organisation=organisation)
    with django_assert_max_num_queries(single):
        client.get("/portal/")


def _add_cost_lines(application, count):
    CostLine.objects.bulk_create(
        CostLine(application=application, category="material", description=f"Posten {n}", amount=Decimal("10"))
        for n in range(count)
    )


STEP_URLS = ["schritt/projekt/", "schritt/kosten/", "schritt/finanzierung/", "anlagen/", "einreichen/", ""]


@pytest.mark.parametrize("suffix", STEP_URLS)
def test_it_keeps_the_form_steps_flat(client, alice, draft, suffix, django_assert_max_num_queries):
    client.force_login(alice)
    url = f"/portal/antraege/{draft.pk}/{suffix}"
    single = queries(client, url)
    _add_cost_lines(draft, 49)
    DocumentFactory.create_batch(10, organisation=draft.organisation)
    with django_assert_max_num_queries(single):
        client.get(url)


def test_it_keeps_the_application_page_flat(client, alice, approved, rita, django_assert_max_num_queries):
    client.force_login(alice)
    url = f"/portal/antraege/{approved.pk}/"
    Message.objects.create(application=approved, sender=rita, from_staff=True, body="1")
    store_letter(approved, Letter.Kind.RECEIPT, b"%PDF-1.4")
    Drawdown.objects.create(application=approved, amount=Decimal("1"), requested_by=alice)
    single = queries(client, url)
    Message.objects.bulk_create(Message(application=approved, sender=rita, from_staff=True, body=str(n)) for n in range(49))
    for _ in range(49):
        store_letter(approved, Letter.Kind.RECEIPT, b"%PDF-1.4")
    Drawdown.objects.bulk_create(Drawdown(application=approved, amount=Decimal("1"), requested_by=alice) for _ in range(49))
    _add_cost_lines(approved, 49)
    with django_assert_max_num_queries(single):
        client.get(url)


@pytest.mark.parametrize("step", ["sachbericht", "zahlen", "belege", "anlagen", "einreichen"])
def test_it_keeps_the_proof_steps_flat(client, alice, approved, step, django_assert_max_num_queries):
    line = approved.cost_lines.get()
    proof_save_figures(application=approved, user=alice, lines={line.pk: Decimal("1")}, income={})
    proof_receipts_replace(application=approved, user=alice, rows=[RECEIPT])
    client.force_login(alice)
    url = f"/portal/antraege/{approved.pk}/nachweis/{step}/"
    single = queries(client, url)
    _add_cost_lines(approved, 49)
    lines = {line.pk: Decimal("1") for line in approved.cost_lines.all()}
    proof_save_figures(application=approved, user=alice, lines=lines, income={})
    proof_receipts_replace(application=approved, user=alice, rows=[RECEIPT] * 50)
    with django_assert_max_num_queries(single):
        client.get(url)
