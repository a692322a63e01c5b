"""Done when: a Turkish- and an Arabic-speaking volunteer each register, create
the organisation and submit an application on a phone entirely in their
language, and read the explanation of their Bescheid.

The browser asks for the language (Accept-Language) and never switches; every
page is checked for its lang and dir, for German interface text left
untranslated and with axe-core. Screenshots of each step go to var/screens/.
"""

import os
import random
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright import sync_api

from applicants.letter_help import explain
from funding.models import Application, Letter
from funding.seeding import ApplicationSeeder
from tests.applicants.conftest import blank_pdf
from tests.e2e.axe import PHONE, Gate
from tests.e2e.test_portal_e2e import DECLARATIONS, fill_organisation, fill_project
from tests.factories import LineFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CHROMIUM = os.environ.get("CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
SCREENS = Path(__file__).resolve().parents[2] / "var" / "screens"
PDF = blank_pdf()
VOLUNTEERS = {
    "tr": ("tr-TR", "Ayşe", "Yılmaz", "ayse@example.org", "Türk Kültür Derneği Rheine e.V.", "Rheine"),
    "ar": ("ar-SY", "سميرة", "حداد", "samira@example.org", "البيت السوري إمسدتن e.V.", "Emsdetten"),
}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Walk:
    """One volunteer's phone: each step is checked and photographed."""

    def __init__(self, page, base, language):
        self.page, self.base, self.language = page, base, language
        self.gate = Gate(page, base)
        self.step = 0

    def t(self, msgid):
        with translation.override(self.language):
            return gettext(msgid)

    def look(self, name):
        """Checks the page in the walker's language on the phone and keeps a screenshot."""
        self.page.wait_for_load_state()
        self.gate.check(f"walk-{self.language}", self.language, viewports=("phone",))
        self.step += 1
        SCREENS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENS / f"{self.language}-{self.step:02d}-{name}.png", full_page=True)

    def button(self, msgid):
        self.page.get_by_role("button", name=self.t(msgid), exact=True).click()

    def link(self, msgid):
        self.page.get_by_role("link", name=self.t(msgid), exact=True).first.click()


def _register(walk, run_tasks, first, last, email):
    page = walk.page
    page.goto(f"{walk.base}/")
    page.wait_for_load_state()
    walk.look("home")
    walk.link("Noch kein Konto? Jetzt registrieren")
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_email", email)
    page.fill("#id_password1", "Kurz")
    page.fill("#id_password2", "Kurz")
    walk.button("Konto anlegen")
    walk.look("register-errors")  # every password rule at once, in the error summary
    page.fill("#id_password1", "Sommerfest-2027!")
    page.fill("#id_password2", "Sommerfest-2027!")
    walk.button("Konto anlegen")
    page.get_by_role("heading", name=walk.t("Bitte schauen Sie in Ihr E-Mail-Postfach")).wait_for()
    walk.look("register-done")
    run_tasks()
    message = mail.outbox[-1]
    assert message.subject == walk.t("Bitte bestätigen Sie Ihre E-Mail-Adresse"), message.subject
    path = re.search(r"https?://[^/\s]+(/portal/konto/bestaetigen/\S+)", message.body).group(1)
    page.goto(walk.base + path)
    walk.look("confirm")
    walk.button("Bestätigen und anmelden")
    page.get_by_role("heading", name=walk.t("Meine Anträge")).wait_for()
    walk.look("dashboard")


def _organisation(walk, name, town):
    page = walk.page
    walk.link("Verein anlegen")
    walk.look("organisation-form")
    fill_organisation(page, name, town, contact="Vorstand")
    walk.button("Speichern")
    page.get_by_text(walk.t("Ihr Verein ist angelegt. Laden Sie jetzt bitte die Unterlagen hoch.")).wait_for()
    walk.look("organisation-created")
    for kind in ("statutes", "register_extract", "tax_exemption"):
        walk.link("Dokument hochladen")
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF})
        if kind == "tax_exemption":
            page.fill("#id_valid_until", (timezone.localdate() + timedelta(days=700)).isoformat())
            walk.look("document-upload")
        walk.button("Hochladen")
        page.get_by_text(walk.t("Das Dokument ist gespeichert.")).wait_for()
    walk.look("documents")


# Amounts as a volunteer types them in the page's language (funding.amounts.NOTATIONS).
TYPED = {"ar": ("2,500.00", "2,400.00"), "uk": ("2 500,00", "2 400,00")}


def _application(walk, line, town, language):
    costs, requested = TYPED.get(language, ("2.500,00", "2.400,00"))
    page = walk.page
    walk.link("Meine Anträge")
    walk.link("Neuen Antrag stellen")
    walk.look("calls")
    page.locator(f"a[href$='/aufrufe/linie/{line.pk}/antrag/']").first.click()
    walk.look("start-with-document-list")
    page.fill("#id_title", "Begleitung zu Ämtern")
    walk.button("Entwurf anlegen")
    fill_project(page, town)
    walk.look("step-1-project")
    walk.button("Speichern und weiter")
    page.select_option("#id_kosten-0-category", "fees")
    page.fill("#id_kosten-0-description", "Honorar Dolmetscherin")
    page.fill("#id_kosten-0-amount", costs)
    page.select_option("#id_kosten-1-category", "travel")
    page.fill("#id_kosten-1-description", "Fahrtkosten")
    page.fill("#id_kosten-1-amount", "500")
    walk.look("step-2-costs")
    walk.button("Speichern und weiter")
    page.fill("#id_own_funds", "600")
    page.fill("#id_requested_amount", requested)
    walk.look("step-3-financing")
    walk.button("Speichern und weiter")
    walk.look("step-4-attachments")
    walk.link("Weiter")
    walk.look("step-5-submit")
    for name in DECLARATIONS:
        page.check(f"#id_{name}")
    walk.button("Antrag verbindlich einreichen")
    page.locator(".messages, [role=status], .notice").first.wait_for()
    walk.look("submitted")


def _decide(application):
    """Staff review and approve, through the same services as their pages."""
    users = {
        "pruefung": UserFactory(username=f"pruefung-{application.pk}", roles=["Prüfung"]),
        "leitung": UserFactory(username=f"leitung-{application.pk}", roles=["Leitung"]),
        "kasse": UserFactory(username=f"kasse-{application.pk}", roles=["Kasse"]),
    }
    seeder = ApplicationSeeder(application.line.call, users, random.Random(1))
    representative = application.organisation.memberships.get().user
    application = seeder._start_review(application, representative, 1)
    return seeder._approve(Application.objects.get(pk=application.pk), representative, 1)


@pytest.mark.parametrize("language", sorted(VOLUNTEERS))
def test_a_volunteer_applies_on_a_phone_in_their_language(language, live_server, browser, run_tasks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url
    locale, first, last, email, name, town = VOLUNTEERS[language]
    line = LineFactory(name="Einzelprojekt", call__closes_on=timezone.localdate() + timedelta(days=60))
    context = browser.new_context(viewport=PHONE, locale=locale, extra_http_headers={"Accept-Language": locale})
    page = context.new_page()
    page.set_default_timeout(15000)
    walk = Walk(page, live_server.url, language)

    _register(walk, run_tasks, first, last, email)
    _organisation(walk, name, town)
    _application(walk, line, town, language)
    application = Application.objects.get(organisation__name=name)
    assert application.file_reference and application.submitted_at

    approved = _decide(application)
    run_tasks()
    page.goto(f"{live_server.url}/portal/antraege/{approved.pk}/")
    walk.look("bescheid-explained")
    letter = approved.letters.get(kind=Letter.Kind.APPROVAL)
    with translation.override(language):
        expected = explain(letter, approved)
    explanation = page.locator(".letter-explanation").filter(has_text=expected["says"][:25])
    text = explanation.inner_text()
    for part in ("says", "todo", "until"):
        assert expected[part] in text, (part, expected[part], text)
    with translation.override("de"):
        assert expected["says"] != explain(letter, approved)["says"]  # not the German text
    context.close()
    assert walk.gate.problems == [], "\n".join(walk.gate.problems)
    assert sorted(path.name for path in SCREENS.glob(f"{language}-*.png"))
