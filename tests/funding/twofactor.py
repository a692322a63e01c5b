"""Helpers for tests that need a session with a verified second factor."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def confirmed_app(user, name="App"):
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def password_login(client, user, password="pw"):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, response.content
    return response


def verified_login(client, user):
    """Password, then a code from a (new) app: the session passed the second factor."""
    device = confirmed_app(user, name="Test-App")
    password_login(client, user)
    response = client.post(reverse("otp_verify"), {"token": current_code(device)})
    assert response.status_code == 302 and "otp_verify" not in response["Location"]
    return device
