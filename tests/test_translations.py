"""English must be complete: every German source string has a translation."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = Path("locale") / "en" / "LC_MESSAGES" / "django.po"


def _unquote(lines):
    return "".join(re.match(r'^(?:msg\w+(?:\[\d+\])?\s+)?"(.*)"$', line).group(1) for line in lines)


def parse_po(path):
    """Entries of a .po file as {(context, msgid): (msgstrs, fuzzy)}."""
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
    entries.pop(("", ""), None)  # the header
    return entries


def test_it_translates_every_string_into_english():
    entries = parse_po(ROOT / PO)
    missing = [msgid for (_ctx, msgid), (strs, fuzzy) in entries.items() if fuzzy or not all(strs)]
    assert entries
    assert missing == []


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
