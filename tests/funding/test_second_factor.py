"""The second factor: no enrolment past an existing device, recovery codes,
admin resets on record, and no admin without a verified session."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from funding.models import SecondFactorReset
from funding.services.second_factor import RECOVERY_CODE_COUNT
from tests.factories import UserFactory
from tests.funding.twofactor import confirmed_app, current_code, password_login, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.REQUIRE_STAFF_2FA = True


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _enrol_first_app(client):
    """First enrolment on the set-up page; returns the new recovery codes."""
    response = client.get(reverse("otp_setup"))
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user__username=response.wsgi_request.user.username, confirmed=False)
    response = client.post(reverse("otp_setup"), {"token": current_code(device)})
    assert response["Location"] == reverse("otp_recovery_codes")
    return client.get(reverse("otp_recovery_codes")).context["codes"]


def test_it_refuses_a_new_app_to_a_password_only_session_of_a_user_with_a_device(client, rita):
    device = confirmed_app(rita)
    password_login(client, rita)

    response = client.get(reverse("otp_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))
    assert list(TOTPDevice.objects.filter(user=rita)) == [device]  # no new secret was made or shown

    attacker = TOTPDevice(user=rita, confirmed=False)  # a secret the attacker knows
    client.post(reverse("otp_setup"), {"token": current_code(attacker)})
    assert not client.session.get("otp_device_id")
    assert client.get(reverse("staff:dashboard"))["Location"].startswith(reverse("otp_verify"))


def test_it_keeps_a_superuser_out_of_the_admin_without_a_verified_second_factor(client, superuser):
    confirmed_app(superuser)
    password_login(client, superuser)
    for path in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{superuser.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify")), path
    assert client.get(reverse("otp_setup"))["Location"].startswith(reverse("otp_verify"))


def test_it_closes_the_admin_site_itself_without_the_middleware(client, superuser, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "funding.middleware.StaffTwoFactorMiddleware"]
    confirmed_app(superuser)
    password_login(client, superuser)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_it_lets_a_verified_superuser_into_the_admin(client, superuser):
    verified_login(client, superuser)
    assert client.get("/admin/").status_code == 200


def test_it_enrols_a_first_app_and_shows_recovery_codes_once(client, rita):
    password_login(client, rita)
    assert client.get(reverse("staff:dashboard"))["Location"].startswith(reverse("otp_verify"))
    assert client.get(reverse("otp_verify"))["Location"] == reverse("otp_setup")

    codes = _enrol_first_app(client)

    assert len(codes) == RECOVERY_CODE_COUNT == StaticToken.objects.filter(device__user=rita).count()
    assert client.get(reverse("staff:dashboard")).status_code == 200
    assert client.get(reverse("otp_recovery_codes"))["Location"] == reverse("otp_devices")  # shown only once


def test_it_adds_a_further_app_only_in_a_verified_session(client, rita):
    verified_login(client, rita)
    response = client.get(reverse("otp_setup"))
    assert response.status_code == 200
    pending = TOTPDevice.objects.get(user=rita, confirmed=False)
    response = client.post(reverse("otp_setup"), {"token": current_code(pending)})
    assert response["Location"] == reverse("otp_devices")
    assert TOTPDevice.objects.filter(user=rita, confirmed=True).count() == 2


def test_it_accepts_each_recovery_code_once_at_login(rita):
    first = Client()
    password_login(first, rita)
    codes = _enrol_first_app(first)

    client = Client()
    password_login(client, rita)
    response = client.post(reverse("otp_verify"), {"token": codes[0].upper()})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("staff:dashboard")).status_code == 200

    again = Client()
    password_login(again, rita)
    response = again.post(reverse("otp_verify"), {"token": codes[0]})
    assert response.status_code == 200
    assert "nicht gültig" in response.content.decode()
    assert StaticToken.objects.filter(device__user=rita).count() == RECOVERY_CODE_COUNT - 1


def test_it_regenerates_recovery_codes_only_in_a_verified_session(rita):
    first = Client()
    password_login(first, rita)
    old = set(_enrol_first_app(first))

    unverified = Client()
    password_login(unverified, rita)
    response = unverified.post(reverse("otp_recovery_codes"))
    assert response["Location"].startswith(reverse("otp_verify"))
    assert set(StaticToken.objects.filter(device__user=rita).values_list("token", flat=True)) == old

    response = first.post(reverse("otp_recovery_codes"))
    new = first.get(response["Location"]).context["codes"]
    assert not old & set(new)
    assert set(StaticToken.objects.filter(device__user=rita).values_list("token", flat=True)) == set(new)


def test_it_keeps_the_last_device_and_removes_others(client, rita):
    device = verified_login(client, rita)
    url = reverse("otp_device_delete", args=["app", device.pk])
    client.post(url)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    spare = confirmed_app(rita, name="Zweites Telefon")
    client.post(reverse("otp_device_delete", args=["app", spare.pk]))
    assert not TOTPDevice.objects.filter(pk=spare.pk).exists()


def test_it_refuses_to_remove_a_device_of_someone_else(client, rita, anton):
    verified_login(client, rita)
    other = confirmed_app(anton)
    assert client.post(reverse("otp_device_delete", args=["app", other.pk])).status_code == 404
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


def test_it_registers_no_passkey_for_a_password_only_session(client, rita):
    confirmed_app(rita)
    password_login(client, rita)
    response = client.post(reverse("otp_webauthn:credential-registration-begin"), content_type="application/json")
    assert response.status_code in (302, 403)
    if response.status_code == 403:
        assert json.loads(response.content)["code"] == "not_verified"
    assert not WebAuthnCredential.objects.filter(user=rita).exists()


def test_it_records_an_admin_reset_of_the_second_factor(client, superuser, rita):
    confirmed_app(rita)
    verified_login(client, superuser)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [rita.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=rita).exists()
    reset = SecondFactorReset.objects.get()
    assert (reset.user, reset.reset_by) == (rita, superuser)
    assert reset.reset_at is not None

    rita_client = Client()
    password_login(rita_client, rita)
    assert rita_client.get(reverse("otp_setup")).status_code == 200  # enrols anew


def test_it_shows_devices_read_only_in_the_admin(client, superuser, rita):
    device = confirmed_app(rita)
    verified_login(client, superuser)
    change = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    assert client.post(change, {"name": "Angreifer", "user": rita.pk}).status_code == 403
    assert client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    device.refresh_from_db()
    assert device.name == "App"
