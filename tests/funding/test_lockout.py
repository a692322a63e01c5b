"""Login lockouts hit the attacker's address, not the victim: the client
address is read behind the configured proxy, and a password reset unlocks."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from funding.clientip import client_ip

pytestmark = pytest.mark.django_db
NGINX = "127.0.0.1"
ATTACKER, VICTIM = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [NGINX]


def _login(client, user, password, forwarded_for=None, remote=NGINX):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": user.username, "password": password}, **headers)


def _lock_out(user, forwarded_for=None, remote=NGINX):
    attacker = Client()
    for _ in range(5):
        _login(attacker, user, "falsch", forwarded_for, remote)
    return attacker


def test_it_lets_the_victim_in_from_another_address_while_the_attacker_is_locked(behind_nginx, alice):
    attacker = _lock_out(alice, forwarded_for=ATTACKER)
    assert _login(attacker, alice, "pw", forwarded_for=ATTACKER).status_code == 429

    victim = Client()
    response = _login(victim, alice, "pw", forwarded_for=VICTIM)
    assert response.status_code == 302
    assert victim.session["_auth_user_id"] == str(alice.pk)


def test_it_ignores_addresses_a_client_puts_in_front_of_the_proxys_entry(behind_nginx, alice):
    attacker = _lock_out(alice, forwarded_for=f"10.9.8.7, {ATTACKER}")
    # nginx appends the real address; a forged first entry does not escape the lock
    assert _login(attacker, alice, "pw", forwarded_for=f"192.0.2.55, {ATTACKER}").status_code == 429


def test_it_ignores_forwarded_for_without_a_configured_proxy(alice):
    attacker = Client()
    for number in range(5):
        _login(attacker, alice, "falsch", forwarded_for=f"192.0.2.{number}", remote=ATTACKER)
    assert _login(attacker, alice, "pw", forwarded_for="192.0.2.99", remote=ATTACKER).status_code == 429


def test_it_reads_the_header_only_from_a_trusted_proxy(behind_nginx):
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {VICTIM}")) == VICTIM
    assert client_ip(factory.get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)) == ATTACKER


def test_it_unlocks_a_locked_out_user_through_the_password_reset(behind_nginx, alice, run_tasks):
    _lock_out(alice, forwarded_for=VICTIM)  # the attacker sits behind the victim's address (e.g. one office)
    victim = Client()
    assert _login(victim, alice, "pw", forwarded_for=VICTIM).status_code == 429

    victim.post(reverse("applicants:password_reset"), {"email": alice.email}, REMOTE_ADDR=NGINX)
    run_tasks()
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    form_url = victim.get(link).url
    victim.post(form_url, {"new_password1": "Ganz-Neu-2027", "new_password2": "Ganz-Neu-2027"})

    assert not AccessAttempt.objects.filter(username=alice.username).exists()
    assert _login(victim, alice, "Ganz-Neu-2027", forwarded_for=VICTIM).status_code == 302
