"""The four guarantees, proved with real threads and separate connections.

Each thread opens its own database connection, so on PostgreSQL the row
locks (SELECT ... FOR UPDATE) and on SQLite the IMMEDIATE transactions are
what keeps the limits, exactly as with several app servers.
"""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django_fsm_log.models import StateLog

from funding import roles
from funding.models import Application, Drawdown, Payment, PaymentRun, Recovery
from funding.services import amendments, payment_runs, payments, recoveries
from funding.services import applications as services
from funding.services.transitions import WorkflowError
from tests.factories import ApplicationFactory, LineFactory, UserFactory
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


def _approved(line, alice, rita, anton, organisation, amount, count=1):
    apps = _in_review(count, line, alice, rita, organisation, amount)
    return [services.application_approve(no_conflict=True, application=app, user=anton, amount=amount) for app in apps]


def test_it_books_a_released_drawdown_exactly_once(alice, rita, anton, finn, organisation, documents):
    (app,) = _approved(LineFactory(max_rate_percent=Decimal("100")), alice, rita, anton, organisation, Decimal("8000.00"))
    drawdown = payments.drawdown_request(application=app, user=alice, amount=Decimal("8000.00"), purpose="Honorare")
    drawdown = payments.drawdown_release(drawdown=drawdown, user=rita)

    results = run_concurrently(
        [
            lambda: payments.drawdown_book(drawdown=drawdown, user=finn, paid_on=date(2027, 4, 1), reference="KA")
            for _ in range(6)
        ]
    )

    assert [r[0] for r in results].count("ok") == 1
    assert all(isinstance(exc, WorkflowError) for kind, exc in results if kind == "error")
    assert sum(p.amount for p in Payment.objects.filter(application=app)) == Decimal("8000.00")


def test_it_never_lets_drawdowns_exceed_the_grant(alice, rita, anton, organisation, documents):
    (app,) = _approved(LineFactory(max_rate_percent=Decimal("100")), alice, rita, anton, organisation, Decimal("5000.00"))

    results = run_concurrently(
        [
            lambda: payments.drawdown_request(application=app, user=alice, amount=Decimal("2000.00"), purpose="Miete")
            for _ in range(6)
        ]
    )

    assert [r[0] for r in results].count("ok") == 2
    assert payments.drawdown_available(app) == Decimal("1000.00")


def test_it_puts_each_drawdown_into_one_payment_run(alice, rita, anton, finn, organisation, documents):
    organisation.iban = "DE89370400440532013000"
    organisation.save()
    apps = _approved(LineFactory(max_rate_percent=Decimal("100")), alice, rita, anton, organisation, Decimal("3000.00"), 4)
    for app in apps:
        drawdown = payments.drawdown_request(application=app, user=alice, amount=Decimal("1000.00"), purpose="Miete")
        payments.drawdown_release(drawdown=drawdown, user=rita)
    finn2 = UserFactory(username="kasse2", roles=[roles.FINANCE])

    results = run_concurrently(
        [lambda user=user: payment_runs.payment_run_create(user=user, execution_date=date(2030, 1, 2)) for user in (finn, finn2)]
    )

    runs = PaymentRun.objects.all()
    assert [r[0] for r in results].count("ok") == runs.count() >= 1
    assert sum(run.count for run in runs) == 4 and sum(run.total for run in runs) == Decimal("4000.00")
    assert Drawdown.objects.filter(run__isnull=True).count() == 0


def test_it_raises_a_grant_by_amendment_only_within_the_remaining_budget(alice, rita, anton, organisation, documents):
    line = LineFactory(call__budget=Decimal("10000.00"), max_grant=Decimal("15000.00"), max_rate_percent=Decimal("100"))
    first, second = _approved(line, alice, rita, anton, organisation, Decimal("4000.00"), 2)
    pending = []
    for app in (first, second):
        amendment = amendments.amendment_request(
            application=app, user=alice, new_amount=Decimal("5500.00"), reasons="Höhere Raummiete"
        )
        amendment = amendments.amendment_start_review(amendment=amendment, user=rita)
        pending.append(amendments.amendment_review_save(amendment=amendment, user=rita, recommendation="approve", note="ok"))
    # 8.000 € approved of 10.000 €: room for one increase of 1.500 €, not for two.

    results = run_concurrently([lambda a=a: amendments.amendment_approve(amendment=a, user=anton) for a in pending])

    assert [r[0] for r in results].count("ok") == 1
    assert all("Budget" in str(exc) for kind, exc in results if kind == "error")
    approved = Application.objects.filter(call=line.call)
    assert sum(app.approved_amount for app in approved) == Decimal("9500.00")


def test_it_decides_a_recovery_once_and_never_above_what_was_paid(alice, rita, anton, finn, organisation, documents):
    (app,) = _approved(LineFactory(max_rate_percent=Decimal("100")), alice, rita, anton, organisation, Decimal("5000.00"))
    drawdown = payments.drawdown_request(application=app, user=alice, amount=Decimal("2000.00"), purpose="Miete")
    payments.drawdown_book(drawdown=payments.drawdown_release(drawdown=drawdown, user=rita), user=finn, paid_on=date(2027, 3, 1))
    today = timezone.localdate()
    app = recoveries.hearing_start(
        application=app, user=rita, refund=Decimal("2000.00"), legal_basis="49_3_1", reasons="Nicht verwendet",
        deadline=today + timedelta(days=14),
    )
    recoveries.hearing_record_answer(application=app, user=rita, answer="Einverstanden.", received_on=today)

    results = run_concurrently(
        [
            lambda: recoveries.recovery_decide(
                application=app, user=rita, refund=Decimal("2000.00"), legal_basis="49_3_1", reasons="Nicht verwendet",
                effective_date=timezone.localdate(app.decided_at), due_date=today + timedelta(days=30),
            )
            for _ in range(4)
        ]
    )

    assert [r[0] for r in results].count("ok") == 1
    assert Recovery.objects.filter(application=app).count() == 1
    assert Recovery.objects.get(application=app).amount == Decimal("2000.00")
