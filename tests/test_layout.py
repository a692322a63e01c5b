"""The layout keeps its promises: state knowledge in the workflow, no test seams in production settings."""

import re
from pathlib import Path

from django.conf import settings

from funding.workflow import State

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [path for folder in ("funding", "applicants", "reports") for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts]


def test_no_template_compares_states():
    # An application's state compared in a tag ("application.state == ..."), or a state's code name as a value.
    states = "|".join(value for value, _label in State.choices)
    comparing = re.compile(rf"(?<!GET)\.state\s*(==|!=|in\b|not\b)|['\"]({states})['\"]")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "{%" in line and any(comparing.search(tag) for tag in re.findall(r"{%(.*?)%}", line))
    ]
    assert found == []


def test_every_group_of_states_is_named_in_the_workflow_only():
    group = re.compile(r"^\w*STATES\w*\s*=|=\s*[\(\[{]\s*State\.\w+\s*,")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in SOURCES
        if path != ROOT / "funding" / "workflow.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if group.search(line)
    ]
    assert found == []


def test_production_settings_have_no_test_seams():
    text = (ROOT / "funding" / "settings.py").read_text(encoding="utf-8")
    assert "sys.modules" not in text and "pytest" not in text
    assert settings.SETTINGS_MODULE == "funding.settings_test"
    assert settings.SECURE_SSL_REDIRECT is False and settings.DEBUG is False


def test_stylesheets_use_logical_properties_so_arabic_mirrors():
    # Letters (PDF, always German) may place things physically; the pages may not.
    physical = re.compile(
        r"\b(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|text-align\s*:\s*(left|right)"
        r"|float\s*:\s*(left|right)|clear\s*:\s*(left|right)"
    )
    sheets = [path for path in (ROOT / "static").rglob("*.css") if "letters" not in path.parts]
    pages = [path for path in (ROOT / "templates").rglob("*.html") if not {"letters", "pdf"} & set(path.parts)]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sheets + pages
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if physical.search(line) and (path.suffix == ".css" or "style=" in line)
    ]
    assert sheets and found == []
