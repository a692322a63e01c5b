"""The accessibility gate: every page of every role, in each of its languages,
on a phone (390×844) and a desktop (1366×900), with zero WCAG 2.1 A/AA
violations found by axe-core; also the page's lang and dir, German left
untranslated, nothing wider than the phone, header and breadcrumb links at
least 44 px high on the phone, and the staff queue's table inside its box at
1366 px.

One browser, one live server and one seeded demo serve every page; the Django
admin is exempt (see templates/accessibility.html).
"""

import os
import random

import pytest
from django.test import override_settings
from playwright import sync_api

from applicants.models import Organisation
from funding.management.commands import seed_demo
from funding.models import Application, CostLine, Drawdown, ProofLine, Recovery
from funding.seeding import ApplicationSeeder
from tests.e2e.axe import AXE_SCRIPT, Gate

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CHROMIUM = os.environ.get("CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
APPLICANT_LANGUAGES = ["de", "en", "tr", "ar", "uk"]
STAFF_LANGUAGES = ["de", "en"]
# The public pages are audited for visitors; signed-in roles crawl their own part.
MEMBER_PAGES = ("/portal/", "/konto/", "/austausch/verein/", "/austausch/einladungen/", "/austausch/veranstaltungen/",
                "/austausch/beteiligung/")
STAFF_PAGES = ("/sachbearbeitung/", "/berichte/", "/austausch/ki/", "/konto/")
# The demo password is refused with DEBUG off (funding/backends.py): the gate's users get their own.
PASSWORD = "Barrierefrei-2027!"


@pytest.fixture
def demo(settings, tmp_path):
    """The demo's reference data, users and exchange platform, one application in every state, the interest
    claim on late use and the assisted applications."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REQUIRE_STAFF_2FA = False
    command = seed_demo.Command()
    with override_settings(DEBUG=True):
        call = command._reference_data()
        users = command._users()
        organisations = command._organisations(users)
        seed_demo.exchange_demo.seed(users=users, organisations=organisations)
    seeder = ApplicationSeeder(call, users, random.Random(2017))
    for index, (state, _count) in enumerate(seed_demo.PLAN):
        seeder.create(organisations[0], state, index)
    with override_settings(DEBUG=True):  # interest on late use, and two applications filed by the KI
        seeder.late_use(organisations[2], len(seed_demo.PLAN))
        for number, in_person in enumerate((True, False), start=len(seed_demo.PLAN) + 1):
            seeder.assisted(organisations[3 + number % 2], number, in_person=in_person)
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return users


def _login(page, base, username):
    page.goto(f"{base}/konto/anmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def _user_content():
    """Texts the demo's users typed (cost lines named like a category) and stored data the change
    history shows as stored (a drawdown's purpose, German in the transfer): not interface texts."""
    return set(CostLine.objects.values_list("description", flat=True)) | set(
        ProofLine.objects.values_list("description", flat=True)) | set(Drawdown.objects.values_list("purpose", flat=True))


ROLES = ("anonymous", "verein1", "pruefung", "leitung", "kasse")


@pytest.mark.parametrize("who", ROLES)
def test_every_page_of_every_role_meets_wcag_21_aa(who, live_server, demo):
    """One role per test, so the worker processes of the suite share the gate."""
    assert AXE_SCRIPT.exists(), "axe-core missing: `make test` installs it (npm ci)"
    organisation = Organisation.objects.get(memberships__user__username="verein1")
    applications = list(Application.objects.filter(organisation=organisation).order_by("pk"))
    own = [f"/portal/antraege/{app.pk}/" for app in applications]
    files = [f"/sachbearbeitung/antraege/{app.pk}/" for app in applications]
    # the demo's interest claim on late use and its assisted applications (one still to be confirmed)
    late_use = Application.objects.filter(recoveries__kind=Recovery.Kind.LATE_USE).distinct().get()
    assisted = list(Application.objects.filter(assisted_by__isnull=False).order_by("pk"))
    interest_page = f"/sachbearbeitung/antraege/{late_use.pk}/zinsen/"
    files += [interest_page, *(f"/sachbearbeitung/antraege/{app.pk}/" for app in assisted),
              *(f"/sachbearbeitung/antraege/{app.pk}/erklaerungen/" for app in assisted if app.declarations_pending)]
    roles = {
        "anonymous": (None, ["/", "/konto/anmelden/", "/portal/konto/registrieren/", "/portal/konto/passwort-vergessen/",
                             "/portal/konto/bestaetigen/MQ/abc-def/", "/austausch/", "/gibt-es-nicht/"],
                      [], APPLICANT_LANGUAGES, ("/",)),
        "verein1": ("verein1", ["/portal/", f"/portal/organisationen/{organisation.pk}/"], own, APPLICANT_LANGUAGES,
                    MEMBER_PAGES),
        "pruefung": ("pruefung", ["/sachbearbeitung/", "/berichte/"],
                     [*files, f"/sachbearbeitung/antraege/{applications[1].pk}/bewilligen/"], STAFF_LANGUAGES, STAFF_PAGES),
        "leitung": ("leitung", ["/sachbearbeitung/", "/berichte/"], files, STAFF_LANGUAGES, STAFF_PAGES),
        "kasse": ("kasse", ["/sachbearbeitung/", "/berichte/"], [interest_page], STAFF_LANGUAGES, STAFF_PAGES),
    }
    username, starts, fixed, languages, allowed = roles[who]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="de-DE")
        page = context.new_page()
        page.set_default_timeout(15000)
        gate = Gate(page, live_server.url, signed_in=bool(username), ignore=_user_content())
        if username:
            _login(page, live_server.url, username)
        visited = gate.crawl(who, starts, fixed=fixed, languages=languages, allowed=allowed)
        _forms_with_errors(gate, who, organisation)
        context.close()
        browser.close()
    # every page found, on a phone and a desktop
    assert len(visited) > 5 and gate.audits >= 2 * len(visited), (len(visited), gate.audits)
    assert gate.problems == [], f"{len(gate.problems)} problems in {gate.audits} audits:\n" + "\n".join(gate.problems)


def _forms_with_errors(gate, who, organisation):
    """The error summary of a form sent empty, in German and Arabic (right to left) where offered."""
    page = gate.page
    forms = {
        "anonymous": ["/portal/konto/registrieren/"],
        "verein1": [f"/portal/organisationen/{organisation.pk}/bearbeiten/", "/portal/organisationen/neu/"],
    }.get(who, [])
    for path in forms:
        for language in ("de", "ar"):
            gate.goto(path, who, language)
            gate.switch_language(language)
            for field in page.locator("main form input[type=text], main form input[type=email]").all():
                field.fill("")
            page.locator("main form button[type=submit]").last.click()
            page.wait_for_load_state()
            summary = page.locator("[data-error-summary]")
            if not summary.count():
                gate.problems.append(f"{who} {language} {path}: no error summary after an empty form")
                continue
            focused = page.evaluate("document.activeElement && document.activeElement.hasAttribute('data-error-summary')")
            if not focused:
                gate.problems.append(f"{who} {language} {path}: focus is not on the error summary")
            gate.check(who, language)
