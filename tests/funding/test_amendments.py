"""Amendment decisions: asked for or started, reviewed and decided under four eyes, within the budget."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from funding.models import Application, CostLine, Letter
from funding.services import amendments as services
from funding.services.transitions import WorkflowError
from funding.workflow import offered_transitions
from tests.factories import UserFactory
from tests.funding import steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(application, alice, rita, anton):
    return steps.approved(application, alice, rita, anton)


def reviewed(amendment, reviewer, recommendation="approve"):
    amendment = services.amendment_start_review(amendment=amendment, user=reviewer)
    return services.amendment_review_save(amendment=amendment, user=reviewer, recommendation=recommendation, note="Begründung schlüssig, Mittel vorhanden.")


def test_it_extends_the_period_with_four_eyes_and_a_letter(approved, alice, rita, anton):
    amendment = services.amendment_request(
        application=approved, user=alice, reasons="Das Fest wurde wegen Hochwassers verschoben.", new_end_date=date(2028, 3, 31)
    )
    assert not amendment.started_by_staff and amendment.status == "requested"
    amendment = reviewed(amendment, rita)
    # The reviewer of the amendment never decides it (and here rita has no approver role anyway).
    assert "approve_amendment" not in offered_transitions(amendment, rita)
    amendment = services.amendment_approve(amendment=amendment, user=anton)
    app = Application.objects.get(pk=approved.pk)
    assert amendment.status == "approved" and app.end_date == date(2028, 3, 31)
    assert app.proof_due_date == date(2028, 9, 30)
    assert amendment.previous["end_date"] == "2027-11-30" and amendment.previous["amount"] == "8000.00"
    assert Letter.objects.filter(application=app, kind=Letter.Kind.AMENDMENT, key=f"amendment-{amendment.pk}").exists()


def test_it_wants_the_review_finished_and_a_different_decider(approved, alice, rita, anton):
    both = UserFactory(username="pruefleitung", roles=["Prüfung", "Leitung"])
    amendment = services.amendment_request(application=approved, user=alice, reasons="Mehr Teilnehmende", new_amount=Decimal("9000.00"))
    amendment = services.amendment_start_review(amendment=amendment, user=both)
    with pytest.raises(WorkflowError, match="Prüfung der Änderung ist noch nicht abgeschlossen"):
        services.amendment_approve(amendment=amendment, user=anton)
    amendment = services.amendment_review_save(amendment=amendment, user=both, recommendation="approve", note="ok")
    with pytest.raises(PermissionDenied):
        services.amendment_approve(amendment=amendment, user=both)


def test_it_raises_the_grant_only_within_the_remaining_budget(approved, alice, rita, anton):
    call = approved.call
    call.budget = Decimal("8500.00")
    call.save()
    amendment = reviewed(
        services.amendment_request(application=approved, user=alice, reasons="Höhere Mieten", new_amount=Decimal("8500.01")), rita
    )
    with pytest.raises(WorkflowError, match="verbleibende Budget"):
        services.amendment_approve(amendment=amendment, user=anton)
    amendment.refresh_from_db()
    assert amendment.status == "in_review"


def test_it_replaces_the_binding_plan_when_it_changes(approved, alice, rita, anton):
    line = approved.cost_lines.get()
    amendment = services.amendment_request(
        application=approved, user=alice, reasons="Neue Raummiete", new_amount=Decimal("9000.00"),
        cost_lines=[("fees", "Honorare", Decimal("9000.00"), line), ("rent", "Saalmiete", Decimal("2250.00"), None)],
        financing={"own_funds": Decimal("2250.00")},
    )
    services.amendment_approve(amendment=reviewed(amendment, rita), user=anton)
    app = Application.objects.get(pk=approved.pk)
    assert (app.approved_amount, app.own_funds, app.total_costs()) == (Decimal("9000.00"), Decimal("2250.00"), Decimal("11250.00"))
    assert sorted(CostLine.objects.filter(application=app).values_list("amount", flat=True)) == [Decimal("2250.00"), Decimal("9000.00")]


def test_it_refuses_an_unbalanced_plan_and_a_grant_below_what_was_paid(approved, alice, rita, anton, finn):
    steps.paid(approved, alice, rita, finn, "5000.00")
    line = approved.cost_lines.get()
    unbalanced = services.amendment_request(
        application=approved, user=alice, reasons="x", cost_lines=[("fees", "Honorare", Decimal("11000.00"), line)],
    )
    with pytest.raises(WorkflowError, match="nicht ausgeglichen"):
        services.amendment_approve(amendment=reviewed(unbalanced, rita), user=anton)
    services.amendment_reject(amendment=unbalanced, user=anton, reasons="Plan nicht ausgeglichen.")
    lower = services.amendment_request(application=approved, user=alice, reasons="Weniger Kosten", new_amount=Decimal("4999.99"))
    with pytest.raises(WorkflowError, match="bereits ausgezahlt"):
        services.amendment_approve(amendment=reviewed(lower, rita), user=anton)


def test_it_lets_staff_start_one_and_members_only_ask(approved, bob, rita, anton):
    with pytest.raises(PermissionDenied):
        services.amendment_request(application=approved, user=bob, reasons="x", new_end_date=date(2028, 1, 31))
    amendment = services.amendment_request(application=approved, user=rita, reasons="Von Amts wegen", new_end_date=date(2028, 1, 31))
    assert amendment.started_by_staff
    # Who started it does not review it.
    assert "start_amendment_review" not in offered_transitions(amendment, rita)
    with pytest.raises(WorkflowError, match="bereits eine Änderung offen"):
        services.amendment_request(application=approved, user=rita, reasons="noch eine", new_end_date=date(2028, 2, 1))
