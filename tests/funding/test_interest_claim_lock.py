"""Deciding and paying a Zinsbescheid under the lock: concurrent requests, one outcome (threads, own connections)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from funding import roles
from funding.models import Letter, Repayment
from funding.services import interest_claims
from tests.factories import UserFactory
from tests.funding.test_concurrency import run_concurrently
from tests.funding.test_interest_claims import ANSWER, REASONS, due, heard, late_file

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_decides_a_claim_once_when_two_approvers_decide_at_once(application, alice, rita, anton, finn):
    app = late_file(application, alice, rita, anton, finn)
    claim = heard(interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due()), rita, ANSWER)
    other = UserFactory(username="olga", roles=[roles.APPROVER])
    results = run_concurrently([
        lambda: interest_claims.interest_claim_decide(claim=claim, user=anton, reasons=REASONS),
        lambda: interest_claims.interest_claim_dismiss(claim=claim, user=other, reasons="Geringfügig."),
    ])
    assert sorted(kind for kind, _value in results) == ["error", "ok"]
    claim.refresh_from_db()
    assert claim.status in ("claimed", "dismissed")
    assert Letter.objects.filter(kind="late_use_interest").count() == (1 if claim.status == "claimed" else 0)


def test_it_never_books_more_than_owed_under_concurrent_repayments(application, alice, rita, anton, finn):
    app = late_file(application, alice, rita, anton, finn)
    claim = interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due())
    claim = interest_claims.interest_claim_decide(claim=heard(claim, rita, ANSWER), user=anton, reasons=REASONS)
    today = timezone.localdate()
    results = run_concurrently([
        lambda: interest_claims.interest_repayment_record(claim=claim, user=finn, received_on=today, amount=Decimal("60.00")),
        lambda: interest_claims.interest_repayment_record(claim=claim, user=finn, received_on=today, amount=Decimal("60.00")),
    ])
    assert sorted(kind for kind, _value in results) == ["error", "ok"]
    assert sum(r.amount for r in Repayment.objects.filter(recovery=claim)) == Decimal("60.00")


def test_it_opens_one_hearing_when_two_reviewers_start_it_at_once(application, alice, rita, anton, finn):
    app = late_file(application, alice, rita, anton, finn)
    claim = interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due())
    other = UserFactory(username="rolf", roles=[roles.REVIEWER])
    deadline = timezone.localdate() + timedelta(days=14)
    results = run_concurrently([
        lambda: interest_claims.interest_claim_hearing_start(claim=claim, user=rita, deadline=deadline),
        lambda: interest_claims.interest_claim_hearing_start(claim=claim, user=other, deadline=deadline),
    ])
    assert sorted(kind for kind, _value in results) == ["error", "ok"]
    claim.refresh_from_db()
    assert claim.status == "hearing"
    assert app.hearings.count() == 1 and Letter.objects.filter(kind="late_use_hearing").count() == 1
