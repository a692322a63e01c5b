"""docs/workflow.md and funding/workflow.py must tell the same story."""

import re
from pathlib import Path

from funding.workflow import State, transition_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"


def _codes(cell):
    return re.findall(r"`([^`]+)`", cell)


def _doc_transitions():
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            name, sources, target, permission, conditions = cells
            rows[_codes(name)[0]] = (sorted(_codes(sources)), _codes(target)[0], _codes(permission)[0], _codes(conditions))
    return rows


def test_it_documents_every_transition_as_coded():
    coded = {name: (sources, target, permission, conditions) for name, sources, target, permission, conditions in transition_table()}
    assert _doc_transitions() == coded


def test_it_draws_every_transition_in_the_diagram():
    diagram = DOC.read_text(encoding="utf-8").split("```mermaid")[1].split("```")[0]
    edges = set(re.findall(r"(\w+) --> (\w+): (\w+)", diagram))
    coded = {(source, target, name) for name, sources, target, _p, _c in transition_table() for source in sources}
    assert edges == coded


def test_it_lists_every_state():
    text = DOC.read_text(encoding="utf-8")
    for value, _label in State.choices:
        assert f"| `{value}` |" in text
