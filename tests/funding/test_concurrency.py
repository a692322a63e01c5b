"""The four guarantees, proved with real threads and separate connections.

Each thread opens its own database connection, so on PostgreSQL the row
locks (SELECT ... FOR UPDATE) and on SQLite the IMMEDIATE transactions are
what keeps the limits, exactly as with several app servers.
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django_fsm_log.models import StateLog

from funding.models import Application, Payment
from funding.services import applications as services
from funding.services import payments
from funding.services.transitions import WorkflowError
from tests.factories import ApplicationFactory, LineFactory
from tests.funding import steps

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_concurrently(functions):
    """Starts all functions at once; returns ("ok", value) or ("error", exc) per function."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = ("ok", function())
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _in_review(count, line, alice, rita, organisation, requested):
    apps = []
    for _ in range(count):
        app = ApplicationFactory(
            line=line, organisation=organisation, own_funds=Decimal("0.00"), requested_amount=requested
        )
        app = services.application_submit(application=app, user=alice)
        apps.append(steps.complete_review(services.application_start_review(application=app, user=rita), rita))
    return apps


def test_it_approves_exactly_what_the_budget_allows(alice, rita, anton, organisation, documents):
    amount = Decimal("1234.56")
    line = LineFactory(call__budget=amount * 10, max_grant=Decimal("15000.00"), max_rate_percent=Decimal("100"))
    apps = _in_review(20, line, alice, rita, organisation, amount)

    results = run_concurrently(
        [lambda app=app: services.application_approve(no_conflict=True, application=app, user=anton, amount=amount) for app in apps]
    )

    succeeded = [r for r in results if r[0] == "ok"]
    failed = [r for r in results if r[0] == "error"]
    assert len(succeeded) == 10
    assert all(isinstance(exc, WorkflowError) for _, exc in failed)
    assert all("Budget" in str(exc) for _, exc in failed)
    approved = Application.objects.filter(call=line.call, state="approved")
    assert approved.count() == 10
    assert sum(a.approved_amount for a in approved) == line.call.budget


def test_it_lets_only_one_of_five_identical_transitions_through(application, alice, rita):
    services.application_submit(application=application, user=alice)

    results = run_concurrently(
        [lambda: services.application_start_review(application=application, user=rita) for _ in range(5)]
    )

    assert [r[0] for r in results].count("ok") == 1
    errors = [exc for kind, exc in results if kind == "error"]
    assert len(errors) == 4
    assert all(isinstance(exc, WorkflowError) and "In Prüfung" in str(exc) for exc in errors)
    logs = StateLog.objects.filter(object_id=application.pk, transition="start_review")
    assert logs.count() == 1
    assert logs.get().by == rita


def test_it_assigns_unique_gapless_file_references(organisation, documents, alice):
    line = LineFactory(call__reference_prefix="MSO-2017")
    apps = [ApplicationFactory(line=line, organisation=organisation) for _ in range(20)]

    results = run_concurrently([lambda app=app: services.application_submit(application=app, user=alice) for app in apps])

    assert [r[0] for r in results] == ["ok"] * 20
    references = sorted(Application.objects.filter(call=line.call).values_list("file_reference", flat=True))
    assert references == [f"MSO-2017-{n:04d}" for n in range(1, 21)]


def test_it_never_pays_more_than_approved(alice, rita, anton, finn, organisation, documents):
    line = LineFactory(max_rate_percent=Decimal("100"))
    (app,) = _in_review(1, line, alice, rita, organisation, Decimal("8000.00"))
    app = services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("8000.00"))

    results = run_concurrently(
        [
            lambda: payments.payment_record(
                application=app, user=finn, amount=Decimal("1000.00"), paid_on=date(2027, 4, 1), reference="KA"
            )
            for _ in range(10)
        ]
    )

    assert [r[0] for r in results].count("ok") == 8
    assert all(isinstance(exc, WorkflowError) for kind, exc in results if kind == "error")
    assert sum(p.amount for p in Payment.objects.filter(application=app)) == Decimal("8000.00")


def test_it_never_lets_drawdowns_exceed_the_grant(alice, rita, anton, organisation, documents):
    line = LineFactory(max_rate_percent=Decimal("100"))
    (app,) = _in_review(1, line, alice, rita, organisation, Decimal("5000.00"))
    app = services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("5000.00"))

    results = run_concurrently(
        [lambda: payments.drawdown_request(application=app, user=alice, amount=Decimal("2000.00")) for _ in range(6)]
    )

    assert [r[0] for r in results].count("ok") == 2
    assert payments.drawdown_available(app) == Decimal("1000.00")
