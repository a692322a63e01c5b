"""The accessibility gate's machinery: axe-core in the page, and a crawler that
visits every page a signed-in role reaches by links, in each language, on a
phone and on a desktop.

axe-core comes from the npm registry (package.json, installed by `make test`
into node_modules/); it is evaluated through the DevTools protocol, which the
content security policy does not restrict.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from funding.languages import STAFF_LANGUAGES, applicant_languages, is_staff_path

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

# Files, feeds and state changes reached by links: not pages to audit.
NOT_PAGES = {
    "logout", "set_language", "healthz",
    "applicants:attachment_download", "applicants:application_pdf", "applicants:letter_download",
    "applicants:document_download", "applicants:proof_attachment_download", "applicants:application_autosave",
    "applicants:proof_autosave",
    "staff:attachment_download", "staff:document_download", "staff:letter_download", "staff:bulk_download",
    "staff:efile_download", "staff:efile_job_download",
    "reports:export", "reports:report_download",
    "exchange:ical_district", "exchange:ical_municipality", "exchange:consultation_document",
    "exchange:token_document", "exchange:token_minutes", "exchange:meeting_document", "exchange:minutes_pdf",
    "exchange:attendance_list", "exchange:picture_export", "opendata:file",
}
# The Django admin is exempt (see the accessibility statement); so is the API
# (JSON, and Swagger UI's developer documentation, third-party like the admin).
EXEMPT_PREFIXES = ("/admin/", "/i18n/", "/static/", "/media/", "/api/")

_RUN_AXE = """async (tags) => {
  const result = await window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


def view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def languages_of(path):
    """The languages a page speaks: German and English only on staff and open-data pages (funding.languages)."""
    return STAFF_LANGUAGES if is_staff_path(path) else applicant_languages()


def page_kind(path):
    """One page per view and per non-numeric argument (the form's steps are different pages)."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return (match.view_name, tuple(sorted((k, v) for k, v in match.kwargs.items() if not isinstance(v, int))))


def audit(page):
    """WCAG 2.1 A/AA violations on the page as it is now: [(rule, help, [targets])]."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;true")
    return [(v["id"], v["help"], v["targets"]) for v in page.evaluate(_RUN_AXE, WCAG_21_AA)]


def overflow(page, width):
    """Pixels the page sticks out sideways beyond the viewport (0 when it fits)."""
    return max(0, page.evaluate("document.documentElement.scrollWidth") - width)


# Links a thumb must hit on a phone (header, language switch, breadcrumb): at least 44 px high.
_SMALL_TARGETS = """() => [...document.querySelectorAll('.nav a, .nav .link-button, .lang-list .link-button, .breadcrumb a')]
  .filter(el => el.getClientRects().length && el.getBoundingClientRect().height < 44)
  .map(el => `${el.textContent.trim()} (${Math.round(el.getBoundingClientRect().height)} px)`)"""
# Pixels the staff queue's table sticks out of its box (the last column hidden behind a scroll bar).
_QUEUE_OVERFLOW = """() => {
  const table = document.querySelector('table.queue');
  if (!table) { return 0; }
  const box = table.closest('.table-scroll') || table.parentElement;
  return Math.max(0, box.scrollWidth - box.clientWidth);
}"""

_TEXTS = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.replace(/\\s+/g, " ").trim();
    if (text && !walker.currentNode.parentElement.closest("script, style, [lang='de']")) { texts.push(text); }
  }
  return texts;
}"""


def german_leftovers(language):
    """German interface texts that ``language`` translates differently: seen on a page, they were missed."""
    from tests.test_translations import parse_po

    catalogue = parse_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    return {
        msgid for (_ctx, msgid), (strs, _fuzzy) in catalogue.items()
        if len(msgid) > 12 and "%" not in msgid and "\\" not in msgid and strs[0] and strs[0] != msgid
    }


@dataclass
class Gate:
    """Collects every problem of every page; the test asserts the list is empty."""

    page: object
    base: str
    problems: list = field(default_factory=list)
    audits: int = 0
    signed_in: bool = False
    ignore: set = field(default_factory=set)  # texts users typed, e.g. a cost line named like a category
    leftovers: dict = field(default_factory=dict)

    def untranslated(self, language):
        """Texts on the loaded page that are German interface texts although ``language`` is active."""
        if language not in self.leftovers:
            self.leftovers[language] = german_leftovers(language) if language != "de" else set()
        return sorted((set(self.page.evaluate(_TEXTS)) & self.leftovers[language]) - self.ignore)

    def check(self, who, language, viewports=tuple(VIEWPORTS)):
        """Audits the loaded page on each viewport; also checks language, direction and phone width."""
        path = urlsplit(self.page.url).path
        where = f"{who} {language} {path}"
        html = self.page.locator("html")
        if html.get_attribute("lang") != language:
            self.problems.append(f"{where}: html lang={html.get_attribute('lang')!r}, expected {language!r}")
        expected_dir = "rtl" if language == "ar" else "ltr"
        if html.get_attribute("dir") != expected_dir:
            self.problems.append(f"{where}: dir={html.get_attribute('dir')!r}, expected {expected_dir!r}")
        for text in self.untranslated(language):
            self.problems.append(f"{where}: German text left untranslated: {text!r}")
        for name in viewports:
            size = VIEWPORTS[name]
            self.page.set_viewport_size(size)
            self.audits += 1
            for rule, help_text, targets in audit(self.page):
                self.problems.append(f"{where} [{name}] {rule}: {help_text} -> {targets}")
            if name == "phone" and overflow(self.page, size["width"]):
                self.problems.append(f"{where} [phone]: {overflow(self.page, size['width'])} px wider than the phone")
            if name == "phone":
                for target in self.page.evaluate(_SMALL_TARGETS):
                    self.problems.append(f"{where} [phone]: link lower than 44 px: {target}")
            if name == "desktop" and (sticking_out := self.page.evaluate(_QUEUE_OVERFLOW)):
                self.problems.append(f"{where} [desktop]: the queue table is {sticking_out} px wider than its box")

    def links(self):
        """Same-site page paths linked from the loaded page."""
        found = []
        for href in self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if not href.startswith(self.base) or parts.path.startswith(EXEMPT_PREFIXES):
                continue
            name = view_name(parts.path)
            if name and name not in NOT_PAGES:
                found.append(parts.path)
        return found

    def goto(self, path, who, language):
        response = self.page.goto(self.base + path)
        if response is None or response.status >= 500:
            self.problems.append(f"{who} {language} {path}: status {response and response.status}")
            return False
        if self.signed_in and urlsplit(self.page.url).path == "/konto/anmelden/" and path != "/konto/anmelden/":
            self.problems.append(f"{who} {language} {path}: sent to the login page (signed out?)")
            return False
        return True

    def switch_language(self, language):
        self.page.locator(f"form.lang-form button[value='{language}']").click()
        self.page.wait_for_load_state()

    def crawl(self, who, starts, *, languages, allowed=("/",), fixed=()):
        """Visits ``starts`` and ``fixed`` and every page linked from them, one per view
        (``fixed`` paths are always visited: the same view in another state), in each language."""
        first, others = languages[0], languages[1:]
        seen_views, visited, queue = set(), [], list(fixed) + list(starts)
        fixed = set(fixed)
        self.goto(starts[0], who, first)
        self.switch_language(first)
        while queue:
            path = queue.pop(0)
            kind = page_kind(path)
            if path in visited or (path not in fixed and kind in seen_views) or not path.startswith(allowed):
                continue
            seen_views.add(kind)
            if not self.goto(path, who, first):
                continue
            visited.append(path)
            self.check(who, first)
            queue.extend(link for link in self.links() if link not in visited)
        for language in others:
            self.goto(visited[0], who, language)
            self.switch_language(language)
            for path in visited:
                if language not in languages_of(path):
                    continue
                if self.goto(path, who, language):
                    self.check(who, language)
        return visited
