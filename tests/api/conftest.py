"""Two authorities, each with a granted application, a letter, a payment and a payment run.

Steinfurt's (``own``) is what the tokens of the tests may see; the second
authority's (``other``) must never appear with Steinfurt's token.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from api.models import ApiToken
from api.services import token_create
from funding import roles
from funding.models import Application, PaymentRun
from funding.services.payment_runs import payment_run_create
from tests.factories import ApplicationFactory, AuthorityFactory, CallFactory, LineFactory, MembershipFactory, UserFactory, standing_documents
from tests.funding import steps


@dataclass
class World:
    authority: object
    application: Application
    run: PaymentRun


@pytest.fixture(autouse=True)
def api_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.API_THROTTLE_RATES = {"token": "100000/minute", "public": "100000/minute"}
    settings.REQUIRE_STAFF_2FA = False  # the admin's second factor has its own tests
    cache.clear()  # the throttles' counters
    return settings


def _granted(application, representative, rita, anton, finn):
    """Approved, a drawdown paid, and a second one released into an open payment run of its own."""
    app = steps.with_bank_details(steps.approved(application, representative, rita, anton))
    steps.paid(app, representative, rita, finn, "1000.00")
    steps.released(app, representative, rita, "500.00")
    run = payment_run_create(user=finn, execution_date=timezone.localdate() + timedelta(days=1))
    return app, run


@pytest.fixture
def own(application, alice, rita, anton, finn):
    app, run = _granted(application, alice, rita, anton, finn)
    authority = app.call.programme.authority
    authority.publish_grants = True
    authority.save()
    return World(authority, app, run)


@pytest.fixture
def other(own):
    """The second authority's case, worked by its own staff (roles there only)."""
    authority = AuthorityFactory(name="Bezirksregierung Arnsberg", publish_grants=False)
    rita, anton, finn = (UserFactory(username=f"{name}2", roles=[role], roles__authority=authority)
                         for name, role in (("rita", roles.REVIEWER), ("anton", roles.APPROVER), ("finn", roles.FINANCE)))
    line = LineFactory(call=CallFactory(programme__authority=authority, reference_prefix="BRA-2017"))
    representative = MembershipFactory(user=UserFactory(username="dora")).user
    organisation = representative.memberships.get().organisation
    standing_documents(organisation)
    draft = ApplicationFactory(organisation=organisation, line=line, created_by=representative, title="Fremdes Projekt")
    app, run = _granted(draft, representative, rita, anton, finn)
    return World(authority, app, run)


@pytest.fixture
def read_token(own):
    return token_create(authority=own.authority, name="E-Akte", scope=ApiToken.Scope.READ)[1]


@pytest.fixture
def write_token(own, finn):
    return token_create(authority=own.authority, name="Finanzverfahren", scope=ApiToken.Scope.WRITE, acting_user=finn)[1]


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
