"""Permissions, conditions and data of single workflow steps."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from funding import roles, workflow
from funding.models import Application, Decision, FundingCall, FundingLine
from funding.services import applications as services
from funding.services import recoveries
from funding.services.transitions import WorkflowError
from funding.workflow import State
from tests.factories import ApplicationFactory, UserFactory
from tests.funding import steps

pytestmark = pytest.mark.django_db


def _in_review(application, alice, rita):
    services.application_submit(application=application, user=alice)
    return services.application_start_review(application=application, user=rita)


def _reviewed(application, alice, rita):
    """In review, with the completed review a decision needs."""
    return steps.complete_review(_in_review(application, alice, rita), rita)


def test_it_assigns_the_file_reference_on_submission(application, alice):
    application.call.reference_prefix = "MSO-2017"
    application.call.save()
    app = services.application_submit(application=application, user=alice)
    assert app.state == "submitted"
    assert app.file_reference == "MSO-2017-0001"
    assert app.declared_by == alice and app.declared_at is not None
    log = StateLog.objects.get(object_id=app.pk)
    assert (log.source_state, log.state, log.by) == ("draft", "submitted", alice)


def test_it_lets_only_representatives_submit(application, bob):
    with pytest.raises(PermissionDenied):
        services.application_submit(application=application, user=bob)
    assert Application.objects.get(pk=application.pk).state == "draft"


def test_it_refuses_an_unbalanced_plan(application, alice):
    Application.objects.filter(pk=application.pk).update(own_funds=Decimal("1999.99"))
    with pytest.raises(WorkflowError, match="nicht ausgeglichen"):
        services.application_submit(application=application, user=alice)
    assert FundingCall.objects.get(pk=application.call_id).next_reference_number == 1


def test_it_refuses_missing_declarations(application, alice):
    Application.objects.filter(pk=application.pk).update(declared_no_double_funding=False)
    with pytest.raises(WorkflowError, match="Erklärungen"):
        services.application_submit(application=application, user=alice)


def test_it_protects_the_state_field(application):
    with pytest.raises(AttributeError):
        application.state = "approved"


def test_it_refuses_a_transition_from_the_wrong_state(application, anton):
    with pytest.raises(WorkflowError, match="Entwurf"):
        services.application_approve(no_conflict=True, application=application, user=anton, amount=Decimal("100.00"))


def test_it_keeps_four_eyes(application, alice, rita, anton):
    UserFactory(username=rita.username, roles=[roles.APPROVER])  # rita may approve in general …
    app = _reviewed(application, alice, rita)
    with pytest.raises(PermissionDenied):  # … but not what she reviewed
        services.application_approve(no_conflict=True, application=app, user=rita, amount=Decimal("8000.00"))
    app = services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("8000.00"))
    assert app.state == "approved"
    assert app.decision.outcome == Decision.Outcome.APPROVED


def test_it_refuses_a_reviewer_from_the_organisation(application, alice, rita):
    services.application_submit(application=application, user=alice)
    rita.memberships.create(organisation=application.organisation, role="member")
    with pytest.raises(PermissionDenied):
        services.application_start_review(application=application, user=rita)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("8000.01"), "beantragte Betrag"),
        (Decimal("0.00"), "größer als 0"),
    ],
)
def test_it_checks_the_approved_amount(application, alice, rita, anton, amount, message):
    app = _reviewed(application, alice, rita)
    with pytest.raises(WorkflowError, match=message):
        services.application_approve(no_conflict=True, application=app, user=anton, amount=amount, reasons="gekürzt")


def test_it_checks_the_line_maximum(alice, rita, anton, organisation, line, documents):
    app = ApplicationFactory(
        line=line, organisation=organisation, own_funds=Decimal("3750.00"), requested_amount=Decimal("15000.00")
    )
    app = _reviewed(app, alice, rita)
    FundingLine.objects.filter(pk=line.pk).update(max_grant=Decimal("14000.00"))  # lowered after submission
    with pytest.raises(WorkflowError, match="Höchstzuwendung"):
        services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("15000.00"))


def test_it_requires_reasons_for_partial_approval_and_rejection(application, alice, rita, anton):
    app = _reviewed(application, alice, rita)
    with pytest.raises(WorkflowError, match="Begründung"):
        services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("5000.00"), line_approvals=steps.line_approvals(app, Decimal("5000.00")))
    with pytest.raises(WorkflowError, match="Begründung"):
        services.application_reject(no_conflict=True, application=app, user=anton, reasons="  ")
    app = services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("5000.00"), reasons="Honorare gekürzt", line_approvals=steps.line_approvals(app, Decimal("5000.00")))
    assert app.decision.outcome == Decision.Outcome.PARTIAL
    assert app.proof_due_date == date(2028, 5, 30)


def test_it_lets_members_withdraw_but_not_after_approval(application, alice, bob, rita, anton):
    app = _reviewed(application, alice, rita)
    app = services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("8000.00"))
    with pytest.raises(WorkflowError):
        services.application_withdraw(application=app, user=bob)


def test_it_runs_the_whole_way_to_a_recovery(application, alice, rita, anton, finn):
    app = _reviewed(application, alice, rita)
    app = services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("8000.00"))
    steps.paid(app, alice, rita, finn, "8000.00", paid_on=date(2027, 3, 1))
    deadline = timezone.localdate() + timedelta(days=14)
    app = recoveries.hearing_start(
        application=app, user=rita, refund=Decimal("1000.00"), legal_basis="49_3_1", reasons="Minderausgaben",
        deadline=deadline,
    )
    recoveries.hearing_record_answer(application=app, user=rita, answer="Einverstanden.", received_on=timezone.localdate())
    app = recoveries.recovery_decide(
        application=app, user=rita, refund=Decimal("1000.00"), legal_basis="49_3_1", reasons="Minderausgaben",
        effective_date=timezone.localdate(app.decided_at), due_date=date(2027, 12, 1),
    )
    recovery = app.recoveries.get()
    # From the payout (01.03.2027) to the due date, 275 days: 1.000 € × 6,27 % × 275 / 365 = 47,2397… → 47,24 €.
    assert recovery.interest_amount == Decimal("47.24")
    with pytest.raises(PermissionDenied):
        recoveries.repayment_record(application=app, user=rita, received_on=date(2027, 12, 1), amount=Decimal("1047.24"))
    app = recoveries.repayment_record(application=app, user=finn, received_on=date(2027, 12, 1), amount=Decimal("1047.24"))
    assert app.state == "closed"
    transitions = list(StateLog.objects.filter(object_id=app.pk, content_type__model="application").order_by("timestamp", "pk").values_list("transition", flat=True))
    assert transitions == ["submit", "start_review", "approve", "start_hearing", "decide_recovery", "record_repayment"]


def test_the_model_method_alone_cannot_skip_the_rules(application):
    with pytest.raises(TransitionNotAllowed):
        application.approve()


def test_it_refuses_a_partial_approval_without_reasons_in_the_service(application, alice, rita, anton):
    app = _reviewed(application, alice, rita)
    with pytest.raises(WorkflowError, match="Teilbewilligung ist eine Begründung erforderlich"):
        services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("6000.00"), reasons="   ")
    assert Application.objects.get(pk=app.pk).state == "in_review"
    assert not Decision.objects.filter(application=app).exists()


def test_it_keeps_the_decision_rules_as_conditions_of_the_transitions():
    conditions = {name: set(conds) for name, _sources, _target, _permission, conds in workflow.transition_table()}
    assert "partial_approval_reasoned" in conditions["approve"]
    assert "reasons_given" in conditions["reject"]
    assert {"meets_call_rules", "call_open"} <= conditions["submit"]
    assert "meets_call_rules" in conditions["resubmit"]


def test_it_reads_the_transition_names_from_the_state_machine():
    coded = {transition.name for transition in Application._meta.get_field("state").get_all_transitions(Application)}
    assert set(workflow.TRANSITION_NAMES) == coded and len(workflow.TRANSITION_NAMES) == 17


def test_it_labels_every_transition_in_plain_german():
    for name in workflow.TRANSITION_NAMES:
        label = str(workflow.transition_label(name))
        assert label and "_" not in label and label != name
    assert workflow.transition_label("submit") == "Antrag eingereicht"


def test_it_offers_steps_by_state_and_permission(application, alice, bob, rita, anton):
    assert set(workflow.offered_transitions(application, alice)) == {"submit", "withdraw"}
    assert workflow.offered_transitions(application, bob) == ["withdraw"]
    app = _in_review(application, alice, rita)
    # Offered although no amount is given yet: conditions are checked when the step is taken.
    assert set(workflow.offered_transitions(app, anton)) == {"approve", "reject"}
    assert workflow.offered_transitions(app, rita) == ["request_changes"]
    assert "_workflow_offering" not in app.__dict__
    with pytest.raises(WorkflowError):
        services.application_approve(no_conflict=True, application=app, user=anton, amount=None)


def test_it_finds_the_way_to_every_state():
    assert workflow.route(State.APPROVED) == ["submit", "start_review", "approve"]
    assert workflow.route(State.SUBMITTED, State.WITHDRAWN) == ["submit", "withdraw"]
    table = {name: (sources, target) for name, sources, target, _permission, _conditions in workflow.transition_table()}
    for goal in State:
        here = State.DRAFT
        for name in workflow.route(goal):
            sources, target = table[name]
            assert here in sources
            here = target
        assert here == goal
