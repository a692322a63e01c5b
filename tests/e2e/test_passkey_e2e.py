"""End to end in headless Chromium with a virtual authenticator (CDP WebAuthn
domain): a staff member adds a passkey in a verified session, then passes
the second factor with it after the next password login."""

import os

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright import sync_api

from funding import roles
from tests.e2e.test_portal_e2e import ARGS, CHROMIUM
from tests.factories import UserFactory
from tests.funding.twofactor import confirmed_app, current_code

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_with_authenticator():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
        page = context.new_page()
        page.set_default_timeout(15000)
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        options = {
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": True,
            "hasUserVerification": True,
            "isUserVerified": True,
            "automaticPresenceSimulation": True,
        }
        authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
        yield page, cdp, authenticator["authenticatorId"]
        browser.close()


def _password_login(page, base, username):
    page.goto(f"{base}/konto/anmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Geheim-Passwort-2027")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("heading", name="Anmeldung bestätigen").wait_for()


def test_it_passes_the_second_factor_with_a_passkey(live_server, browser_with_authenticator, settings):
    settings.REQUIRE_STAFF_2FA = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")
    rita = UserFactory(username="rita", roles=[roles.REVIEWER], password="Geheim-Passwort-2027")
    app = confirmed_app(rita)
    page, cdp, authenticator_id = browser_with_authenticator
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))

    _password_login(page, live_server.url, "rita")
    assert page.get_by_role("button", name="Mit Passkey bestätigen").count() == 0  # no passkey yet
    page.fill("#id_token", current_code(app))
    page.get_by_role("button", name="Bestätigen").click()
    page.get_by_role("heading", name="Arbeitsbereich").wait_for()

    page.get_by_role("link", name="Zweiter Faktor").click()
    page.get_by_role("button", name="Passkey hinzufügen").click()
    try:
        page.get_by_text("Passkey:").wait_for(timeout=45000)  # the page reloads with the new passkey
    except sync_api.TimeoutError:
        status = page.locator("#passkey-register-status-message")
        pytest.fail(f"no passkey registered: {status.inner_text() if status.count() else page.content()[:2000]}")
    assert WebAuthnCredential.objects.filter(user=rita, confirmed=True).count() == 1
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1

    page.get_by_role("button", name="Abmelden").click()
    _password_login(page, live_server.url, "rita")
    page.goto(f"{live_server.url}/sachbearbeitung/")  # still asks for the second factor
    page.get_by_role("heading", name="Anmeldung bestätigen").wait_for()
    page.get_by_role("button", name="Mit Passkey bestätigen").click()
    page.get_by_role("heading", name="Arbeitsbereich").wait_for(timeout=45000)
    assert page.url == f"{live_server.url}/sachbearbeitung/"
    assert WebAuthnCredential.objects.get(user=rita).last_used_at is not None
    assert blocked == []  # the scripts come from static files, nothing inline
