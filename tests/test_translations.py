"""English must be complete: every German source string has a translation.
Turkish, Arabic and Ukrainian must be complete for every string an applicant
reads (the staff workspace speaks German and English only)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PO = Path("locale") / "en" / "LC_MESSAGES" / "django.po"


def _unquote(lines):
    return "".join(re.match(r'^(?:msg\w+(?:\[\d+\])?\s+)?"(.*)"$', line).group(1) for line in lines)


APPLICANT_LANGUAGES = ("tr", "ar", "uk")
# Where applicant-facing strings come from: the portal, registration and
# account, e-mails, the exchange platform's public and member pages, the pages
# every visitor sees, and the shared modules whose messages reach applicants.
APPLICANT_SOURCES = (
    "applicants/", "templates/applicants/", "templates/registration/", "templates/emails/",
    "templates/exchange/", "exchange/", "templates/includes/error_summary.html", "templates/includes/form.html",
    "templates/base.html", "templates/guide.html", "templates/glossary.html", "templates/accessibility.html",
    "templates/404.html", "templates/413.html", "templates/503.html", "templates/django_otp_webauthn/",
    "funding/rules.py", "funding/workflow.py", "funding/conditions.py", "funding/amounts.py", "funding/inputs.py",
    "funding/glossary.py",
    "funding/errors.py", "funding/settings.py", "funding/forms.py", "funding/twofactor/",
    "funding/services/applications.py", "funding/services/proofs.py", "funding/services/transitions.py",
    "funding/services/second_factor.py", "funding/notifications.py", "funding/passwords.py",
    "templates/includes/field.html", "templates/includes/amendment_fields.html", "funding/money_workflow.py",
    "funding/services/payments.py", "funding/services/amendments.py", "funding/services/recoveries.py",
    "funding/amendment_forms.py",
)
# Staff pages inside those folders: German and English only.
STAFF_SOURCES = (
    "applicants/admin.py", "templates/exchange/staff/", "templates/exchange/pdf/", "exchange/views/staff.py",
    "exchange/views/meetings.py", "exchange/admin.py", "exchange/picture.py",
)


def is_applicant_source(path):
    return path.startswith(APPLICANT_SOURCES) and not path.startswith(STAFF_SOURCES)


def parse_po(path, *, sources=None):
    """Entries of a .po file as {(context, msgid): (msgstrs, fuzzy)}.

    With a ``sources`` dict, also fills it with {(context, msgid): [file, ...]}
    from the ``#:`` reference comments.
    """
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s", line)
            if match:
                current = match.group(1)
                fields[current] = []
            fields[current].append(line)
        if "msgid" in fields:
            key = (_unquote(fields.get("msgctxt", [])), _unquote(fields["msgid"]))
            strs = [_unquote(v) for k, v in fields.items() if k.startswith("msgstr")]
            entries[key] = (strs, fuzzy)
            if sources is not None:
                refs = [ref for line in lines if line.startswith("#:") for ref in line[2:].split()]
                sources[key] = sorted({ref.rsplit(":", 1)[0] for ref in refs})
    entries.pop(("", ""), None)  # the header
    return entries


def test_it_translates_every_string_into_english():
    entries = parse_po(ROOT / PO)
    missing = [msgid for (_ctx, msgid), (strs, fuzzy) in entries.items() if fuzzy or not all(strs)]
    assert entries
    assert missing == []


def _untranslated_for_applicants(language):
    """{msgid: applicant source files} of entries that are empty or fuzzy in ``language``."""
    sources = {}
    english = parse_po(ROOT / PO, sources=sources)
    translated = parse_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    missing = {}
    for key, files in sources.items():
        applicant_files = [path for path in files if is_applicant_source(path)]
        strs, fuzzy = translated.get(key, ([""], False))
        if applicant_files and (fuzzy or not all(strs)):
            missing[key[1]] = applicant_files
    assert english
    return missing


@pytest.mark.parametrize("language", APPLICANT_LANGUAGES)
def test_it_translates_every_applicant_string(language):
    """Lists each missing msgid with where it is used; translate them in locale/<language>/."""
    missing = _untranslated_for_applicants(language)
    report = "\n".join(f"  {msgid!r}  ({', '.join(files)})" for msgid, files in missing.items())
    assert not missing, f"{len(missing)} applicant strings untranslated or fuzzy in locale/{language}:\n{report}"


def test_it_finds_an_untranslated_applicant_string(tmp_path, monkeypatch):
    """The check itself: an empty Turkish entry used by a portal template is reported."""
    english = tmp_path / "locale" / "en" / "LC_MESSAGES"
    turkish = tmp_path / "locale" / "tr" / "LC_MESSAGES"
    english.mkdir(parents=True)
    turkish.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    entries = (
        '#: templates/applicants/dashboard.html:3\nmsgid "Meine Anträge"\nmsgstr "{}"\n\n'
        '#: templates/staff/queue.html:9\nmsgid "Eingang"\nmsgstr "{}"\n'
    )
    (english / "django.po").write_text(header + entries.format("My applications", "Inbox"), encoding="utf-8")
    (turkish / "django.po").write_text(header + entries.format("", ""), encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _untranslated_for_applicants("tr") == {"Meine Anträge": ["templates/applicants/dashboard.html"]}


def test_it_has_no_source_string_missing_from_the_catalogue(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", "node_modules"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "--ignore=tests/*"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    expected = set(parse_po(copy / PO))
    present = set(parse_po(ROOT / PO))
    assert sorted(expected - present) == []
