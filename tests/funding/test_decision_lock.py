"""A decision renders its Bescheid outside the call's lock (issue 8, finding 4).

Real threads with their own connections: while one approver's large
Zuwendungsbescheid is being typeset, a submission to the same call goes
through at once instead of waiting for the render. Run with ``-s`` to see
the measured times (docs/performance.md).
"""

import threading
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection

from funding import letters
from funding.models import Application, CostLine, Decision, Letter
from funding.services import applications as services
from tests.factories import ApplicationFactory, LineFactory
from tests.funding import steps

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LARGE_PLAN_LINES = 40


def _large_application(line, organisation, alice, rita):
    app = ApplicationFactory(line=line, organisation=organisation, own_funds=Decimal("0.00"),
                             requested_amount=Decimal("4000.00"), costs=Decimal("0.00"))
    CostLine.objects.filter(application=app).delete()
    CostLine.objects.bulk_create(
        CostLine(application=app, category="material", order=n, amount=Decimal("100.00"),
                 description=f"Material für Workshop {n}: Papier, Stifte, Moderationskarten und Pinnwandpapier")
        for n in range(LARGE_PLAN_LINES)
    )
    return steps.reviewed(app, alice, rita)


def test_it_lets_a_submission_through_while_a_decision_renders(organisation, alice, rita, anton, documents):
    line = LineFactory(max_rate_percent=Decimal("100"))
    big = _large_application(line, organisation, alice, rita)
    small = ApplicationFactory(line=line, organisation=organisation)
    rendering, submitted, timings = threading.Event(), threading.Event(), {}
    real_html_to_pdf = letters.html_to_pdf

    def spy(html):
        # The render waits (at most 30 s) for the submission: had the decision
        # kept the call locked while typesetting, the submission could not
        # finish before the render and would still be waiting here.
        rendering.set()
        timings["submitted_during_render"] = submitted.wait(timeout=30)
        return real_html_to_pdf(html)

    def decide():
        start = time.perf_counter()
        try:
            services.application_approve(no_conflict=True, application=big, user=anton, amount=Decimal("4000.00"))
        finally:
            timings["decision"] = time.perf_counter() - start
            connection.close()

    def submit():
        rendering.wait(timeout=60)
        start = time.perf_counter()
        try:
            services.application_submit(application=small, user=alice)
            submitted.set()
        finally:
            timings["submission"] = time.perf_counter() - start
            connection.close()

    with mock.patch("funding.letters.html_to_pdf", side_effect=spy):
        threads = [threading.Thread(target=decide), threading.Thread(target=submit)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    print(f"\ndecision {timings['decision'] * 1000:.0f} ms, submission {timings['submission'] * 1000:.0f} ms")
    assert Application.objects.get(pk=small.pk).state == "submitted"
    assert Decision.objects.filter(application=big).exists()
    assert Letter.objects.filter(application=big, kind=Letter.Kind.APPROVAL).count() == 1
    assert timings["submitted_during_render"], "the submission waited for the Bescheid to render"
