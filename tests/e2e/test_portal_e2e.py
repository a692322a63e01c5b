"""End to end in headless Chromium: a new organisation from registration to a
submitted application, with the receipt PDF downloaded at the end."""

import os
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright import sync_api

from tests.applicants.conftest import blank_pdf
from tests.factories import LineFactory

# Playwright runs an event loop in this thread; Django's ORM calls from the
# test itself are fine (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CHROMIUM = os.environ.get("CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PDF = blank_pdf()  # a real PDF: uploads must be readable by pypdf


@pytest.fixture
def browser_page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 375, "height": 800}, accept_downloads=True, locale="de-DE")
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def _fits_a_phone(page):
    """Nothing sticks out sideways at 375 px."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.url


def _register_and_confirm(page, base, run_tasks):
    page.goto(f"{base}/konto/anmelden/")
    page.get_by_role("link", name="Noch kein Konto? Jetzt registrieren").click()
    page.fill("#id_first_name", "Samira")
    page.fill("#id_last_name", "Haddad")
    page.fill("#id_email", "samira@example.org")
    page.fill("#id_password1", "Sommerfest-2027!")
    page.fill("#id_password2", "Sommerfest-2027!")
    page.get_by_role("button", name="Konto anlegen").click()
    page.get_by_role("heading", name="Bitte schauen Sie in Ihr E-Mail-Postfach").wait_for()
    run_tasks()
    path = re.search(r"https?://[^/\s]+(/portal/konto/bestaetigen/\S+)", mail.outbox[-1].body).group(1)
    page.goto(base + path)
    page.get_by_role("button", name="Bestätigen und anmelden").click()
    page.get_by_role("heading", name="Meine Anträge").wait_for()


def fill_organisation(page, name="Syrisches Haus Emsdetten e.V.", town="Emsdetten", contact="Samira Haddad"):
    """The organisation profile form, filled as a new organisation would (shared by the language walks)."""
    page.fill("#id_name", name)
    page.select_option("#id_legal_form", "ev")
    page.fill("#id_register_court", "Amtsgericht Steinfurt")
    page.fill("#id_register_number", "VR 2001")
    page.select_option("#id_org_type", "refugees")
    page.check("input[name=offers][value=translation]")
    page.fill("#id_member_count", "35")
    page.fill("#id_migrant_share_percent", "90")
    page.check("#id_is_charitable")
    page.fill("#id_charitable_notice_date", "2025-03-01")
    page.fill("#id_charitable_valid_until", (timezone.localdate() + timedelta(days=700)).isoformat())
    page.fill("#id_street", "Kirchstraße 5")
    page.fill("#id_postcode", "48282")
    page.fill("#id_city", town)
    page.select_option("#id_municipality", label=town)
    page.fill("#id_contact_name", contact)
    page.fill("#id_iban", "DE89 3704 0044 0532 0130 00")


def _create_organisation(page):
    page.get_by_role("link", name="Verein anlegen").click()
    fill_organisation(page)
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Ihr Verein ist angelegt").wait_for()
    _fits_a_phone(page)


def _upload_documents(page):
    for kind, name in (("statutes", "satzung.pdf"), ("register_extract", "register.pdf"), ("tax_exemption", "bescheid.pdf")):
        page.get_by_role("link", name="Dokument hochladen").click()
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", {"name": name, "mimeType": "application/pdf", "buffer": PDF})
        if kind == "tax_exemption":
            page.fill("#id_valid_until", (timezone.localdate() + timedelta(days=700)).isoformat())
        page.get_by_role("button", name="Hochladen").click()
        page.get_by_text("Das Dokument ist gespeichert.").wait_for()


def _fill_application(page, line):
    page.get_by_role("link", name="Meine Anträge").first.click()
    page.get_by_role("link", name="Neuen Antrag stellen").click()
    page.get_by_role("link", name=f"Antrag stellen für {line.name}").click()
    page.fill("#id_title", "Begleitung zu Ämtern")
    page.get_by_role("button", name="Entwurf anlegen").click()
    fill_project(page)
    page.get_by_role("button", name="Speichern und weiter").click()
    page.get_by_role("heading", name="Schritt 2 von 5: Kosten").wait_for()
    _fits_a_phone(page)


def fill_project(page, town="Emsdetten"):
    """Step 1 of the application form (shared by the language walks)."""
    start = timezone.localdate() + timedelta(days=30)
    page.fill("#id_summary", "Ehrenamtliche begleiten Neuzugewanderte zu Ämtern.")
    page.fill("#id_goals", "Mehr Selbstständigkeit im Alltag.")
    page.fill("#id_target_group", "Geflüchtete Familien in Emsdetten")
    page.fill("#id_activities", "Sprechstunde jeden Mittwoch, Begleitung nach Termin.")
    page.fill("#id_expected_participants", "40")
    page.select_option("#id_municipality", label=town)
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + timedelta(days=180)).isoformat())


DECLARATIONS = ("declared_truthful", "declared_not_started", "declared_no_double_funding", "declared_data_consent")


def _fill_costs_and_financing(page):
    page.select_option("#id_kosten-0-category", "fees")
    page.fill("#id_kosten-0-description", "Honorar Dolmetscherin")
    page.fill("#id_kosten-0-amount", "2.500,00")
    page.select_option("#id_kosten-1-category", "travel")
    page.fill("#id_kosten-1-description", "Fahrtkosten")
    page.fill("#id_kosten-1-amount", "300")
    page.get_by_role("button", name="Zeile hinzufügen").click()  # the script adds a row, nothing is sent
    page.select_option("#id_kosten-3-category", "material")
    page.fill("#id_kosten-3-description", "Ordner und Papier")
    page.fill("#id_kosten-3-amount", "200,00")
    assert page.locator("output[data-sum=kosten]").inner_text() == "3.000,00\u00a0€"
    page.get_by_role("button", name="Speichern und weiter").click()
    page.get_by_role("heading", name="Schritt 3 von 5: Finanzierung").wait_for()
    page.fill("#id_own_funds", "600")
    page.fill("#id_requested_amount", "2.400,00")
    assert page.locator("output[data-balance]").inner_text() == "Der Plan ist ausgeglichen."
    _fits_a_phone(page)
    page.get_by_role("button", name="Speichern und weiter").click()
    page.get_by_role("heading", name="Schritt 4 von 5: Anlagen").wait_for()
    page.get_by_text("Alle Unterlagen Ihres Vereins sind vorhanden.").wait_for()
    page.get_by_role("link", name="Weiter", exact=True).click()


def _submit(page):
    page.get_by_text("Ihr Antrag ist vollständig.").wait_for()
    _fits_a_phone(page)
    for name in DECLARATIONS:
        page.check(f"#id_{name}")
    page.get_by_role("button", name="Antrag verbindlich einreichen").click()
    page.get_by_text("Ihr Antrag ist eingereicht.").wait_for()


def test_it_takes_a_new_organisation_from_registration_to_a_submitted_application(
    live_server, browser_page, run_tasks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url
    line = LineFactory(name="Einzelprojekt", call__closes_on=timezone.localdate() + timedelta(days=60))
    page = browser_page
    _register_and_confirm(page, live_server.url, run_tasks)
    _create_organisation(page)
    _upload_documents(page)
    _fill_application(page, line)
    _fill_costs_and_financing(page)
    _submit(page)
    assert re.search(r"MSO-\S+-0001", page.content())
    _fits_a_phone(page)
    run_tasks()  # the Eingangsbestätigung is created and mailed
    assert any("Eingangsbestätigung" in message.subject for message in mail.outbox)
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Eingangsbestätigung").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
