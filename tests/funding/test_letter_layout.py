"""Form of the letters: tagged PDFs (BITV NRW) and the DIN 5008 address field."""

import io

import pytest
from pypdf import PdfReader

from funding import letters
from funding.letterkinds import context_for
from funding.models import Letter
from reports.foerderbericht import render_report_pdf
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]

MM = 72 / 25.4  # PDF points per millimetre


def structure_types(node, found=None, depth=0):
    """The structure types (/S) of the tagged PDF's structure tree, in reading order."""
    found = [] if found is None else found
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            found.append(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None and depth < 60:
            for kid in kids if isinstance(kids, list) else [kids]:
                kid = kid.get_object()
                if isinstance(kid, (dict, list)):
                    structure_types(kid, found, depth + 1)
    elif isinstance(node, list):
        for kid in node:
            structure_types(kid, found, depth + 1)
    return found


def assert_tagged(pdf, title_part):
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or str(root["/MarkInfo"]["/Marked"]) == "True"
    assert str(root["/Lang"]) == "de"
    assert title_part in reader.metadata.title
    assert "/StructTreeRoot" in root
    types = structure_types(root["/StructTreeRoot"])
    assert "/Document" in types or types, types
    assert any(kind in types for kind in ("/H1", "/H2", "/H")), types
    assert "/P" in types
    return types


def test_every_letter_is_a_tagged_pdf_with_language_title_and_structure(application, alice, rita, anton):
    app = steps.approved(application, alice, rita, anton)
    approval = Letter.objects.get(application=app, kind=Letter.Kind.APPROVAL)
    types = assert_tagged(approval.file.read(), "Zuwendungsbescheid")
    assert "/Table" in types and "/TH" in types and "/L" in types  # the plan and the numbered clauses

    pdf = letters.render_letter(Letter.Kind.APPLICATION, context_for(Letter.Kind.APPLICATION, app))
    assert_tagged(pdf, app.organisation.name)


def test_the_foerderbericht_is_tagged(application, alice, rita, anton):
    steps.approved(application, alice, rita, anton)
    assert_tagged(render_report_pdf(f"call={application.call_id}"), "Förderbericht")


# --- DIN 5008 address field -------------------------------------------------------------


def text_in_box(pdf, left, top, width, height, page=0):
    """The text drawn inside the box (millimetres from the top left corner of the page)."""
    reader = PdfReader(io.BytesIO(pdf))
    sheet = reader.pages[page]
    page_height = float(sheet.mediabox.height)
    pieces = []

    def visit(text, cm, tm, font, size):
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        x_mm, y_mm = x / MM, (page_height - y) / MM
        if left <= x_mm <= left + width and top <= y_mm <= top + height:
            pieces.append(text)

    sheet.extract_text(visitor_text=visit)
    return "".join(pieces)


def squeezed(text):
    return "".join(text.split())


def longest_values(organisation, application):
    authority = application.call.programme.authority
    words = "Kommunales Integrationszentrum für Vielfalt Teilhabe und Zusammenhalt im ländlichen Raum "
    authority.name = (words * 3)[:200].strip()
    authority.street = ("Am Langen Weg hinter dem Kreishaus Gebäude C Aufgang 2 " * 4)[:200].strip()
    authority.postcode, authority.city = "48565", ("Steinfurt-Borghorst " * 6)[:100].strip()
    authority.save()
    organisation.name = ("Interkultureller Eltern- und Familienverein der Migrantinnen und Migranten " * 3)[:200].strip()
    organisation.street = ("Hauptstraße gegenüber dem Marktplatz Hinterhaus links " * 4)[:200].strip()
    organisation.postcode, organisation.city = "48431", ("Rheine-Mesum " * 8)[:100].strip()
    organisation.save()
    representative = organisation.memberships.get(role="representative").user
    representative.first_name = ("Maria-Theresa " * 11)[:150].strip()
    representative.last_name = ("Yılmaz-Schneider " * 9)[:150].strip()
    representative.save()
    return authority


@pytest.mark.parametrize("longest", [False, True], ids=["shortest", "longest"])
def test_the_address_field_shows_every_line_in_full(application, organisation, alice, longest):
    steps.submitted(application, alice)
    application.refresh_from_db()
    if longest:
        longest_values(organisation, application)
    context = context_for(Letter.Kind.RECEIPT, application)
    pdf = letters.render_letter(Letter.Kind.RECEIPT, context)
    authority = context["authority"]

    # DIN 5008 form B: the address field is 20 mm from the left edge, 45 mm from the top, 85 mm × 45 mm;
    # normal values stay inside it; the longest allowed ones wrap and make it grow downwards, never
    # sideways into the information block, and no character is lost.
    field = squeezed(text_in_box(pdf, left=19, top=44, width=86, height=45 if not longest else 110))
    assert "Eingangsbestätigung" not in field  # the box holds the address field, not the subject below it
    return_address = f"{authority.name} · {authority.street} · {authority.postcode} {authority.city}"
    assert squeezed(return_address) in field
    for line in context["addressee_lines"]:
        assert squeezed(line) in field, line
    if not longest:  # normal values stay inside the window of a DL envelope
        assert squeezed(context["addressee_lines"][-1]) in squeezed(text_in_box(pdf, 19, 44, 86, 45))
    info = squeezed(text_in_box(pdf, left=125, top=45, width=80, height=60))
    assert squeezed(context["file_reference"]) in info
