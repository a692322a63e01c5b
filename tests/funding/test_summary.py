"""The counts per state and the report cells kept by the workflow equal a rebuild from the applications."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from applicants.services.drafts import application_create, application_save_fields
from funding import summary, summary_flow
from funding.models import ReportCell, StateCount
from funding.models.summary import ALL_MUNICIPALITIES, GRAIN_SEAT, GRAIN_STATE
from funding.services import applications as services
from funding.services import proofs
from tests.factories import ApplicationFactory
from tests.funding import steps

pytestmark = pytest.mark.django_db


def _live():
    return (summary.stored_cells(), summary.stored_state_counts(), summary.stored_organisation_figures(),
            summary.stored_organisation_tallies(), summary_flow.stored_cells())


def _by_state(**filters):
    return ReportCell.objects.filter(grain=GRAIN_STATE, municipality_id=ALL_MUNICIPALITIES, **filters)


def _assert_live_equals_rebuilt():
    live = _live()
    assert summary.stored_cells() == summary.computed_cells()
    assert summary.stored_organisation_figures() == summary.computed_organisation_figures()
    assert summary.stored_organisation_tallies() == summary.computed_organisation_tallies()
    assert summary_flow.stored_cells() == summary.computed_flow_cells()
    call_command("rebuild_summary", verbosity=0)
    assert _live() == live


def test_every_workflow_step_keeps_the_figures_current(alice, bob, rita, anton, finn, organisation, line, documents):
    draft = application_create(user=alice, organisation=organisation, line=line, title="Neuer Entwurf")
    application_save_fields(application=draft, user=alice, values={"requested_amount": Decimal("1234.56")},
                            allowed=("requested_amount",))
    assert StateCount.objects.get(call_id=line.call_id, state="draft").applications == 1
    _assert_live_equals_rebuilt()

    paid = steps.proof_submitted(
        ApplicationFactory(organisation=organisation, line=line), alice, rita, anton, finn, spent=Decimal("10000.00")
    )
    proofs.proof_accept(application=paid, user=rita, note="Geprüft, ohne Beanstandung.")
    rejected = steps.reviewed(ApplicationFactory(organisation=organisation, line=line), alice, rita, "reject")
    services.application_reject(no_conflict=True, application=rejected, user=anton, reasons="Nicht förderfähig.")
    running = steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    steps.paid(running, alice, rita, finn, "100.50", paid_on=date(2027, 3, 1))
    withdrawn = steps.submitted(ApplicationFactory(organisation=organisation, line=line), alice)
    services.application_withdraw(application=withdrawn, user=alice, reason="Verschoben.")

    counts = {state: n for (_call, state), n in summary.stored_state_counts().items()}
    assert counts == {"draft": 1, "closed": 1, "rejected": 1, "approved": 1, "withdrawn": 1}
    cells = _by_state(state="approved").get()
    assert (cells.applications, cells.paid) == (1, Decimal("100.50"))
    assert _by_state().get(state="closed").participants == 30
    _assert_live_equals_rebuilt()


def test_an_application_created_past_the_services_is_counted_at_its_next_step(alice, organisation, line, documents):
    app = ApplicationFactory(organisation=organisation, line=line)  # no entry yet
    steps.submitted(app, alice)
    assert summary.stored_state_counts() == {(line.call_id, "submitted"): 1}
    _assert_live_equals_rebuilt()


def test_rebuild_repairs_figures_changed_past_the_services(alice, organisation, line, documents):
    app = steps.submitted(ApplicationFactory(organisation=organisation, line=line), alice)
    type(app).objects.filter(pk=app.pk).update(requested_amount=Decimal("99.00"))
    assert summary.stored_cells() != summary.computed_cells()
    call_command("rebuild_summary", verbosity=0)
    assert summary.stored_cells() == summary.computed_cells()
    assert _by_state().get().requested == Decimal("99.00")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_steps_in_the_same_cells_all_count(alice, rita, organisation, line, documents):
    """Eight reviews start at once (separate connections): the counts move by exactly eight."""
    from tests.funding.test_concurrency import run_concurrently

    apps = [steps.submitted(ApplicationFactory(organisation=organisation, line=line), alice) for _ in range(8)]
    results = run_concurrently(
        [lambda app=app: services.application_start_review(application=app, user=rita) for app in apps]
    )
    assert [outcome for outcome, _value in results] == ["ok"] * 8
    assert summary.stored_state_counts() == {(line.call_id, "in_review"): 8}
    assert summary.stored_cells() == summary.computed_cells()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_payments_in_the_same_flow_cell_all_count(alice, rita, anton, finn, organisation, line, documents):
    """Six drawdowns of six files in one line and seat are booked at once: the kept money moves by all six."""
    from funding.models import FlowCell
    from funding.services import payments
    from tests.funding.test_concurrency import run_concurrently

    apps = [steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton) for _ in range(6)]
    drawdowns = [steps.released(app, alice, rita, f"{100 + n}.25") for n, app in enumerate(apps)]
    results = run_concurrently([
        lambda drawdown=drawdown: payments.drawdown_book(drawdown=drawdown, user=finn, paid_on=date(2027, 3, 1))
        for drawdown in drawdowns
    ])
    assert [outcome for outcome, _value in results] == ["ok"] * 6
    cell = FlowCell.objects.get()
    assert (cell.applications, cell.funded, cell.paid) == (6, 6, Decimal("616.50"))
    assert summary_flow.stored_cells() == summary.computed_flow_cells()
    assert summary.stored_cells() == summary.computed_cells()


def test_a_new_seat_of_the_organisation_moves_its_applications_in_the_report(
    alice, organisation, line, documents, django_capture_on_commit_callbacks
):
    from applicants.models import Municipality
    from applicants.services.organisations import organisation_update

    steps.submitted(ApplicationFactory(organisation=organisation, line=line), alice)
    greven = Municipality.objects.get(name="Greven")
    assert organisation.municipality_id != greven.pk
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(organisation=organisation, user=alice, values={"municipality": greven})
    assert {cell.municipality_id for cell in ReportCell.objects.filter(grain=GRAIN_SEAT)} == {greven.pk}
    _assert_live_equals_rebuilt()


def test_an_application_leaving_the_funded_ones_moves_its_organisations_first_grant(
    alice, rita, anton, organisation, line, documents
):
    first = steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    type(first).objects.filter(pk=first.pk).update(state="rejected")  # past the services, as a data correction
    summary.update(first.pk)
    figures = summary.stored_organisation_figures()
    assert figures == summary.computed_organisation_figures()
    assert figures[(organisation.pk, 0, 0)][0] == 1
    assert summary.stored_organisation_tallies()[(0, 0)] == (1, 1)
    _assert_live_equals_rebuilt()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_grants_of_one_organisation_count_it_once(alice, rita, anton, organisation, documents):
    """Six applications of one organisation, each with another authority (no call lock, no report cell in
    common), are approved at once (separate connections): the organisation counts once among the funded ones of
    each call, of each authority and in all, and as funded for the first time in one call only."""
    from funding import roles
    from funding.models import StaffRole
    from funding.models.summary import ALL_LINES, authority_key
    from tests.factories import AuthorityFactory, CallFactory, LineFactory, ProgrammeFactory
    from tests.funding.test_concurrency import run_concurrently

    apps = []
    for number in range(6):
        authority = AuthorityFactory(name=f"Kreis {number}")
        for role, user in ((roles.REVIEWER, rita), (roles.APPROVER, anton)):
            StaffRole.objects.create(user=user, authority=authority, role=role)
            user.__dict__.pop("_staff_roles", None)
        line = LineFactory(call=CallFactory(programme=ProgrammeFactory(authority=authority)))
        apps.append(steps.reviewed(ApplicationFactory(organisation=organisation, line=line), alice, rita))

    def approve(app):
        return services.application_approve(no_conflict=True, application=app, user=anton, amount=app.requested_amount,
                                            line_approvals=steps.line_approvals(app, app.requested_amount))

    results = run_concurrently([lambda app=app: approve(app) for app in apps])
    assert [outcome for outcome, _value in results] == ["ok"] * 6
    tallies = summary.stored_organisation_tallies()
    assert tallies == summary.computed_organisation_tallies()
    assert tallies[(0, ALL_LINES)] == (1, 1)
    for scopes in ([(app.call_id, ALL_LINES) for app in apps],
                   [(authority_key(app.call.programme.authority_id), ALL_LINES) for app in apps]):
        assert [tallies[scope][0] for scope in scopes] == [1] * 6
        assert sum(tallies[scope][1] for scope in scopes) == 1
    assert summary.stored_organisation_figures()[(organisation.pk, 0, 0)][0] == 6
