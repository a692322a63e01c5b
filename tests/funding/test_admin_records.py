"""The admin keeps records as stored: letters, decisions, payments and the
transition log are read-only, submitted applications change only through the
workflow, and people who appear in records are deactivated, not deleted."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django_fsm_log.models import StateLog

from funding.models import Application, Decision, Letter, Payment
from tests.factories import OrganisationFactory, UserFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


@pytest.fixture
def superuser(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def paid(application, alice, rita, anton, finn):
    app = steps.approved(application, alice, rita, anton)
    steps.paid(app, alice, rita, finn, "1000.00", paid_on=date(2027, 3, 1))
    return app


def _admin(name, action, *args):
    return reverse(f"admin:{name}_{action}", args=args)


@pytest.mark.parametrize(
    "name, get_object",
    [
        ("funding_letter", lambda app: Letter.objects.filter(application=app).first()),
        ("funding_decision", lambda app: Decision.objects.get(application=app)),
        ("funding_payment", lambda app: Payment.objects.get(application=app)),
        ("django_fsm_log_statelog", lambda app: StateLog.objects.filter(object_id=app.pk).first()),
    ],
)
def test_it_refuses_to_change_or_delete_records_even_for_a_superuser(client, superuser, paid, name, get_object):
    record = get_object(paid)
    before = {field.attname: getattr(record, field.attname) for field in record._meta.fields}

    page = client.get(_admin(name, "change", record.pk))
    assert page.status_code == 200  # shown, read-only
    assert 'class="deletelink"' not in page.content.decode()
    assert client.post(_admin(name, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert client.post(_admin(name, "change", record.pk), {}).status_code == 403
    assert client.get(_admin(name, "add")).status_code == 403
    changelist = client.post(
        _admin(name, "changelist"), {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
    )
    assert changelist.status_code in (200, 302)

    record.refresh_from_db()
    assert {field.attname: getattr(record, field.attname) for field in record._meta.fields} == before


def test_it_keeps_a_decided_application_unchanged_in_the_admin(client, superuser, paid):
    other = OrganisationFactory()
    url = _admin("funding_application", "change", paid.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()

    client.post(url, {"title": "Geändert", "organisation": other.pk, "requested_amount": "99999,00"})

    fresh = Application.objects.get(pk=paid.pk)
    assert (fresh.title, fresh.organisation_id, fresh.requested_amount) == (
        paid.title, paid.organisation_id, paid.requested_amount
    )
    assert client.post(_admin("funding_application", "delete", paid.pk), {"post": "yes"}).status_code == 403


def test_it_still_edits_a_draft_in_the_admin(client, superuser, application):
    page = client.get(_admin("funding_application", "change", application.pk))
    assert 'name="title"' in page.content.decode()


def test_it_protects_users_who_appear_in_records(paid, alice, rita, anton, finn):
    for user in (alice, rita, anton, finn):
        with pytest.raises(ProtectedError):
            get_user_model().objects.get(pk=user.pk).delete()
    assert get_user_model().objects.filter(pk__in=[alice.pk, rita.pk, anton.pk, finn.pk]).count() == 4


def test_it_protects_a_user_named_only_in_the_transition_log(paid):
    actor = UserFactory(username="nur-im-log")
    StateLog.objects.create(
        content_type=ContentType.objects.get_for_model(Application), object_id=paid.pk, by=actor,
        transition="approve", source_state="in_review", state="approved",
    )
    with pytest.raises(ProtectedError), transaction.atomic():
        actor.delete()
    assert StateLog.objects.filter(by=actor).exists()


def test_it_offers_deactivation_instead_of_deletion(client, superuser, paid, rita):
    page = client.get(_admin("auth_user", "change", rita.pk)).content.decode()
    assert 'class="deletelink"' not in page
    assert client.post(_admin("auth_user", "delete", rita.pk), {"post": "yes"}).status_code == 403
    actions = client.get(_admin("auth_user", "changelist")).content.decode()
    assert 'value="delete_selected"' not in actions and 'value="deactivate"' in actions

    client.post(_admin("auth_user", "changelist"), {"action": "deactivate", "_selected_action": [rita.pk]})

    rita.refresh_from_db()
    assert rita.is_active is False


def test_it_deletes_an_account_without_records(client, superuser):
    unused = UserFactory(username="unbenutzt")
    assert 'class="deletelink"' in client.get(_admin("auth_user", "change", unused.pk)).content.decode()
    client.post(_admin("auth_user", "delete", unused.pk), {"post": "yes"})
    assert not get_user_model().objects.filter(pk=unused.pk).exists()
