"""A changed IBAN or account holder waits for a second person on the staff
side before the next payment, is recorded beside the payment, and every
representative is told by e-mail."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from applicants.models import Organisation
from applicants.services.organisations import bank_details_confirm
from funding import roles
from funding.models import Payment
from funding.services import payments
from funding.services.transitions import WorkflowError
from tests.applicants.test_organisations import PROFILE
from tests.factories import MembershipFactory, UserFactory, municipality
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]
NEW_IBAN = "DE02 1203 0000 0000 2020 51"


@pytest.fixture
def no_2fa(settings):
    settings.REQUIRE_STAFF_2FA = False


@pytest.fixture
def approved(application, alice, rita, anton):
    return steps.approved(application, alice, rita, anton)


@pytest.fixture
def second_representative(organisation):
    return MembershipFactory(organisation=organisation, user=UserFactory(username="dilek")).user


def _change_iban(client, user, organisation, iban=NEW_IBAN, holder="Kulturverein Rheine"):
    client.force_login(user)
    data = {**PROFILE, "name": organisation.name, "email": organisation.email, "municipality": municipality().pk,
            "iban": iban, "account_holder": holder}
    response = client.post(f"/portal/organisationen/{organisation.pk}/bearbeiten/", data)
    assert response.status_code == 302
    return Organisation.objects.get(pk=organisation.pk)


def test_it_holds_payments_until_staff_confirm_a_changed_iban(client, approved, alice, rita, finn, anton):
    drawdown = steps.released(approved, alice, rita, "1000.00")
    organisation = _change_iban(client, alice, approved.organisation)
    assert organisation.bank_details_pending and organisation.bank_details_changed_by == alice

    with pytest.raises(WorkflowError) as refused:
        payments.drawdown_book(drawdown=drawdown, user=finn, paid_on=date(2027, 3, 1))
    assert "Bankverbindung" in str(refused.value) and "noch nicht bestätigt" in str(refused.value)
    assert not Payment.objects.exists()

    bank_details_confirm(organisation=organisation, user=anton)
    organisation.refresh_from_db()
    assert not organisation.bank_details_pending and organisation.bank_details_confirmed_by == anton
    payments.drawdown_book(drawdown=drawdown, user=finn, paid_on=date(2027, 3, 1))
    assert Payment.objects.count() == 1


def test_it_shows_the_refusal_on_the_payment_page(client, approved, alice, rita, finn):
    drawdown = steps.released(approved, alice, rita, "1000.00")
    _change_iban(client, alice, approved.organisation)
    client.force_login(finn)
    url = reverse("staff:drawdown_booking", args=[drawdown.pk])
    response = client.post(url, {"paid_on": "2027-03-15", "reference": "KA-1"})
    assert response.status_code == 200
    assert "noch nicht bestätigt" in response.content.decode()
    assert not Payment.objects.exists()


def test_it_needs_a_second_person_with_a_staff_role_to_confirm(client, approved, alice, organisation):
    staff_representative = UserFactory(username="kasse-und-vorstand", roles=[roles.FINANCE])
    MembershipFactory(organisation=organisation, user=staff_representative)
    changed = _change_iban(client, staff_representative, organisation)

    with pytest.raises(WorkflowError):
        bank_details_confirm(organisation=changed, user=staff_representative)
    with pytest.raises(PermissionDenied):
        bank_details_confirm(organisation=changed, user=alice)  # a representative, no staff role
    assert Organisation.objects.get(pk=organisation.pk).bank_details_pending


def test_it_mails_every_representative_about_the_change(client, approved, alice, second_representative, run_tasks):
    old_address = approved.organisation.email
    _change_iban(client, alice, approved.organisation)
    run_tasks()
    notices = [message for message in mail.outbox if message.subject.startswith("Neue Bankverbindung")]
    assert len(notices) == 1
    assert set(notices[0].to) == {alice.email, second_representative.email, old_address}
    assert "endet auf 2051" in notices[0].body


def test_it_does_not_hold_payments_for_other_profile_changes(client, approved, alice, rita, finn):
    organisation = approved.organisation
    Organisation.objects.filter(pk=organisation.pk).update(iban="DE89370400440532013000", account_holder="Verein")
    organisation.refresh_from_db()
    changed = _change_iban(client, alice, organisation, iban="DE89 3704 0044 0532 0130 00", holder="Verein")
    assert not changed.bank_details_pending
    steps.paid(approved, alice, rita, finn, "500.00")


def test_it_shows_finance_the_bank_history_beside_the_payment(client, approved, alice, rita, anton, finn):
    drawdown = steps.released(approved, alice, rita, "1000.00")
    organisation = approved.organisation
    organisation.iban = "DE89370400440532013000"
    organisation.save()  # the details staff knew before
    _change_iban(client, alice, organisation)
    client.force_login(finn)
    page = client.get(reverse("staff:drawdown_booking", args=[drawdown.pk])).content.decode()
    assert "DE89370400440532013000" in page and "DE02120300000000202051" in page
    assert "noch nicht bestätigt" in page
    assert f'action="{reverse("staff:bank_details_confirm", args=[organisation.pk])}"' in page

    client.force_login(anton)
    response = client.post(reverse("staff:bank_details_confirm", args=[organisation.pk]))
    assert response.status_code == 302
    client.force_login(finn)
    page = client.get(reverse("staff:drawdown_booking", args=[drawdown.pk])).content.decode()
    assert "Bestätigt am" in page and "noch nicht bestätigt" not in page


def test_it_hides_organisation_history_from_applicants(client, alice, organisation):
    client.force_login(alice)
    assert client.get(reverse("staff:organisation_history", args=[organisation.pk])).status_code == 404
    assert client.post(reverse("staff:bank_details_confirm", args=[organisation.pk])).status_code == 404
