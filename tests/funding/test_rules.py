"""The call's rules, written once: the applicant, the reviewer and the workflow agree.

Two copies of these rules used to disagree: a fixed list of required
documents ignored the call's settings, and the reviewer's seat check ignored
``require_seat_in_district``. These tests hold all three users of the rules
to the call's configuration.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applicants import checks
from applicants.models import Organisation
from funding import rules
from funding.models import Application, FundingCall, FundingLine
from funding.services import applications as services
from funding.services import reviews
from funding.services.transitions import WorkflowError
from tests.funding import steps

pytestmark = pytest.mark.django_db


def configure(application, **rules_of_the_call):
    FundingCall.objects.filter(pk=application.call_id).update(**rules_of_the_call)
    return Application.objects.select_related("call", "line", "organisation").get(pk=application.pk)


def applicant_sees(application, step):
    return [p.message for p in checks.application_problems(application) if p.step == step]


def reviewer_sees(application):
    return {row["key"]: row["auto"] for row in reviews.automatic_checks(application)}


def test_it_asks_only_for_the_documents_the_call_requires(application, alice):
    application.organisation.documents.exclude(kind="statutes").delete()
    app = configure(application, require_registered_association=False, require_charitable=False)

    assert applicant_sees(app, checks.ATTACHMENTS) == []
    app = services.application_submit(application=app, user=alice)
    assert app.state == "submitted"
    assert reviewer_sees(app)["documents_complete"] is True


def test_it_asks_for_the_register_extract_and_the_tax_notice_where_the_call_requires_them(application, alice):
    application.organisation.documents.exclude(kind="statutes").delete()
    app = configure(application, require_registered_association=True, require_charitable=True)

    missing = applicant_sees(app, checks.ATTACHMENTS)
    assert len(missing) == 2 and any("Vereinsregisterauszug" in m for m in missing)
    assert reviewer_sees(app)["documents_complete"] is False
    with pytest.raises(WorkflowError, match="Freistellungsbescheid"):
        services.application_submit(application=app, user=alice)


def test_it_accepts_a_seat_outside_the_district_when_the_call_does_not_require_one(application, alice):
    Organisation.objects.filter(pk=application.organisation_id).update(municipality=None, city="Münster")
    app = configure(application, require_seat_in_district=False)

    assert applicant_sees(app, checks.ORGANISATION) == []
    assert reviewer_sees(app)["seat_in_district"] is True
    assert services.application_submit(application=app, user=alice).state == "submitted"


def test_it_requires_the_seat_in_the_district_where_the_call_does(application, alice):
    Organisation.objects.filter(pk=application.organisation_id).update(municipality=None, city="Münster")
    app = configure(application, require_seat_in_district=True)

    assert any("Sitz im Kreis" in m for m in applicant_sees(app, checks.ORGANISATION))
    assert reviewer_sees(app)["seat_in_district"] is False
    with pytest.raises(WorkflowError, match="Sitz im Kreis"):
        services.application_submit(application=app, user=alice)


def test_it_checks_the_charitable_status_only_where_the_call_requires_it(application, alice):
    Organisation.objects.filter(pk=application.organisation_id).update(is_charitable=False)
    app = configure(application, require_charitable=False)

    assert applicant_sees(app, checks.ORGANISATION) == []
    assert reviewer_sees(app)["charitable"] is True


def test_the_service_cannot_skip_a_rule(application, alice):
    """Calling the service directly, as the demo seeding does, meets the same rules as the portal."""
    Application.objects.filter(pk=application.pk).update(start_date=timezone.localdate() - timedelta(days=5))

    with pytest.raises(WorkflowError, match="nicht vor dem Einreichen"):
        services.application_submit(application=application, user=alice)

    assert Application.objects.get(pk=application.pk).state == "draft"
    assert FundingCall.objects.get(pk=application.call_id).next_reference_number == 1


def test_the_resubmission_meets_the_rules_as_well(application, alice, rita):
    app = steps.in_review(application, alice, rita)
    app = services.application_request_changes(application=app, user=rita, message="Bitte Kosten prüfen.")
    FundingLine.objects.filter(pk=app.line_id).update(max_grant=Decimal("5000.00"))

    with pytest.raises(WorkflowError, match="höchstens 5.000,00"):
        services.application_resubmit(application=app, user=alice)
    assert Application.objects.get(pk=app.pk).state == "changes_requested"


def test_the_reviewer_confirms_an_early_start_by_hand(application, alice, rita):
    app = steps.in_review(application, alice, rita)
    day = timezone.localdate(app.submitted_at)
    Application.objects.filter(pk=app.pk).update(
        start_date=day - timedelta(days=1), early_start_requested=True, early_start_reason="Ferienbeginn."
    )
    app.refresh_from_db()

    row = next(row for row in reviews.automatic_checks(app) if row["key"] == "not_started")
    assert row["auto"] is None and "schriftliche Zulassung" in row["detail"]


@pytest.mark.parametrize(
    ("planned", "actual", "overrun"),
    [
        ("1000.00", "1200.00", False),  # exactly 20 % more: allowed
        ("1000.00", "1200.01", True),
        ("1000.00", "100.00", False),  # spending less is no breach
        ("0.00", "0.01", True),  # spent on a line planned with nothing
    ],
)
def test_it_measures_overruns_by_anbest_p(planned, actual, overrun):
    assert rules.is_overrun(Decimal(planned), Decimal(actual)) is overrun
