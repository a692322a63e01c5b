"""Role checks on every staff view: who is refused, and how (404 or 403)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from funding import roles
from funding.models import BulkLetterJob
from funding.services import applications as services
from funding.services import reviews
from funding.staff.urls import urlpatterns
from tests.factories import MembershipFactory, UserFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def every_staff_url(pk=1):
    """Every URL of the staff area, with ``pk`` for each object argument."""
    for pattern in urlpatterns:
        kwargs = {name: pk for name in pattern.pattern.converters}
        yield pattern.name, reverse(f"staff:{pattern.name}", kwargs=kwargs)


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_it_answers_404_to_applicants_everywhere(request, client, application, alice, rita, who):
    app = steps.in_review(application, alice, rita)
    client.force_login(request.getfixturevalue(who))
    for name, url in every_staff_url(app.pk):
        assert client.get(url).status_code == 404, name
        assert client.post(url).status_code in (404, 405), name


def test_it_sends_anonymous_users_to_the_login(client):
    for name, url in every_staff_url():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_it_refuses_decisions_to_a_reviewer(client, application, alice, rita):
    app = steps.reviewed(application, alice, rita)
    other = UserFactory(username="ralf", roles=[roles.REVIEWER])
    for user in (rita, other):
        client.force_login(user)
        for name in ("approve", "reject"):
            assert client.get(reverse(f"staff:{name}", args=[app.pk])).status_code == 404
            assert client.post(reverse(f"staff:{name}", args=[app.pk]), {"amount": "8000", "reasons": "x", "decide": "1"}).status_code == 404
    assert app.state == "in_review"


def test_it_refuses_the_decision_to_an_approver_who_reviewed(client, application, alice):
    both = UserFactory(username="doppelrolle", roles=[roles.REVIEWER, roles.APPROVER])
    app = steps.reviewed(application, alice, both)
    client.force_login(both)

    assert client.get(reverse("staff:approve", args=[app.pk])).status_code == 403
    assert client.post(reverse("staff:approve", args=[app.pk]), {"amount": "8000"}).status_code == 403
    assert client.post(reverse("staff:reject", args=[app.pk]), {"reasons": "x", "decide": "1"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.application_approve(no_conflict=True, application=app, user=both, amount=app.requested_amount)
    app.refresh_from_db()
    assert app.state == "in_review"


def test_it_refuses_the_decision_to_the_assigned_reviewer(client, application, alice, anton):
    both = UserFactory(username="doppelrolle", roles=[roles.REVIEWER, roles.APPROVER])
    steps.submitted(application, alice)
    reviews.review_assign(application=application, user=anton, reviewer=both)
    client.force_login(both)
    assert client.get(reverse("staff:reject", args=[application.pk])).status_code == 403


def test_it_refuses_finance_pages_to_reviewers_and_approvers(client, application, alice, rita, anton):
    app = steps.approved(application, alice, rita, anton)
    drawdown = steps.released(app, alice, rita, "1000.00")
    for user in (rita, anton):
        client.force_login(user)
        # Case workers release drawdowns on the money page, but see nothing to book there.
        page = client.get(reverse("staff:finance_queue")).content.decode()
        assert "Zu buchen" not in page and "Zahllauf anlegen" not in page
        assert client.get(reverse("staff:drawdown_booking", args=[drawdown.pk])).status_code == 404
        assert client.post(reverse("staff:payment_run_create"), {"execution_date": "2030-01-01"}).status_code == 404
        assert client.get(reverse("staff:repayment", args=[app.pk])).status_code == 404
    assert not app.payments.exists()


def test_it_refuses_the_proof_audit_and_bulk_letters_to_finance(client, application, alice, rita, anton, finn):
    app = steps.proof_submitted(application, alice, rita, anton, finn)
    client.force_login(finn)
    assert client.get(reverse("staff:proof_audit", args=[app.pk])).status_code == 404
    assert client.post(reverse("staff:proof_accept", args=[app.pk])).status_code == 404
    assert client.post(reverse("staff:bulk_create")).status_code == 404
    app.refresh_from_db()
    assert app.state == "proof_submitted"


def test_it_refuses_the_proof_audit_to_a_member_of_the_organisation(client, application, alice, rita, anton, finn, organisation):
    app = steps.proof_submitted(application, alice, rita, anton, finn)
    member = UserFactory(username="pruefer-im-verein", roles=[roles.REVIEWER])
    MembershipFactory(user=member, organisation=organisation, role="member")
    client.force_login(member)
    assert client.get(reverse("staff:proof_audit", args=[app.pk])).status_code == 403
    assert client.post(reverse("staff:proof_accept", args=[app.pk])).status_code == 403


def test_it_shows_bulk_jobs_only_to_their_creator(client, rita, anton):
    job = BulkLetterJob.objects.create(created_by=rita, total=0)
    client.force_login(anton)
    assert client.get(reverse("staff:bulk_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("staff:bulk_download", args=[job.pk])).status_code == 404


def test_it_accepts_state_changes_only_by_post(client, application, alice, rita, anton):
    app = steps.in_review(application, alice, rita)
    client.force_login(anton)
    for name in ("assign", "note_add", "message_send", "proof_accept", "proof_changes"):
        assert client.get(reverse(f"staff:{name}", args=[app.pk])).status_code == 405, name


def test_it_requires_the_csrf_token(application, alice, rita, anton):
    app = steps.reviewed(application, alice, rita)
    client = Client(enforce_csrf_checks=True)
    client.force_login(anton)
    assert client.post(reverse("staff:approve", args=[app.pk]), {"amount": "8000"}).status_code == 403
    app.refresh_from_db()
    assert app.state == "in_review"
