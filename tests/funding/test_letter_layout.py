"""Form of the letters: tagged PDFs (BITV NRW) and the DIN 5008 address field."""

import io

import pytest
from pypdf import PdfReader

from funding import letters
from funding.letterkinds import address, context_for
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
    authority, organisation, field = context["authority"], context["organisation"], context["address_field"]

    # DIN 5008 form B: a fixed box 20 mm from the left edge and 45 mm from the top, 85 mm × 45 mm; the
    # return address ends the Vermerkzone (45–62.7 mm), the recipient fills the Anschriftzone (62.7–90 mm).
    zone = text_in_box(pdf, left=19, top=44, width=86, height=46)
    vermerk = squeezed(text_in_box(pdf, left=19, top=44, width=86, height=18.7))
    anschrift = squeezed(text_in_box(pdf, left=19, top=62.7, width=86, height=27.3))
    assert squeezed(zone) == squeezed("".join(field.return_lines) + "".join(field.lines))  # every line, whole
    assert "Eingangsbestätigung" not in zone  # the subject stays below the field
    assert vermerk == squeezed("".join(field.return_lines)) and anschrift == squeezed("".join(field.lines))
    assert squeezed(f"{authority.postcode} {authority.city}") in vermerk
    recipient = " ".join(field.lines).replace("\u00a0", " ")
    assert recipient.endswith(f"{organisation.postcode} {organisation.city}")  # never shortened
    if longest:  # 200 characters of name wrap over lines and stay whole; street and "z. Hd." are shortened
        assert squeezed(organisation.name) in anschrift and field.shortened and field.size == 8
        assert [line for line in field.lines if line.endswith("…")]
        assert "…" in "".join(field.return_lines) and squeezed(authority.name[:40]) in vermerk
    else:
        assert field.size == 10 and not field.shortened
        assert recipient == " ".join(context["addressee_lines"])  # wrapped, nothing left out
        assert squeezed(f"{authority.name} · {authority.street} · {authority.postcode} {authority.city}") == vermerk
    info = squeezed(text_in_box(pdf, left=125, top=45, width=80, height=60))
    assert squeezed(context["file_reference"]) in info


def test_a_too_long_address_is_shortened_in_a_fixed_order():
    name = ("Interkultureller Eltern- und Familienverein der Migrantinnen und Migranten " * 3)[:200].strip()
    street = ("Hauptstraße gegenüber dem Marktplatz Hinterhaus links " * 4)[:200].strip()
    place = address.place_of("48431", ("Rheine-Mesum " * 8)[:100].strip())

    lines, size, cut = address.recipient(name, "z. Hd. " + "Maria-Theresa Yılmaz-Schneider " * 8, street, place)

    assert (size, cut, len(lines)) == (8, True, 8)
    assert " ".join(lines[:4]) == name  # the name whole on four lines; the "z. Hd." line left out
    assert lines[4].endswith("…") and street.startswith(lines[4][:-1])  # the street on one line
    assert " ".join(lines[5:]) == place  # postcode and town whole
    assert all(address.text_width(line, 8) <= address.WIDTH_MM for line in lines)
    assert address.recipient(name, "", "Markt 1", address.place_of("48431", "Rheine"))[2] is False


def test_labels_e_mail_and_amounts_are_never_broken(application, organisation, alice, rita, anton):
    authority = application.call.programme.authority
    authority.contact_name = "Dr. Maria-Theresa Yılmaz-Schneider"
    authority.contact_email = "foerderung-integrationszentrum@kreis-steinfurt-beispiel.de"
    authority.contact_phone = "+49 2551 69-2000"
    authority.website = "https://www.kreis-steinfurt-beispiel.de/integration/foerderung-mso"
    authority.save()
    app = steps.approved(application, alice, rita, anton, amount=application.requested_amount - 1, reasons="Gekürzt.")
    pdf = Letter.objects.get(application=app, kind=Letter.Kind.PARTIAL_APPROVAL).file.read()
    reader = PdfReader(io.BytesIO(pdf))
    lines = [" ".join(line.split()) for page in reader.pages for line in page.extract_text().splitlines()]

    for whole in (authority.contact_email, authority.contact_phone, authority.website, app.file_reference,
                  "Aktenzeichen", "Ansprechperson", "Rechtsbehelfsbelehrung", "Nebenbestimmungen", "7.999,00 €",
                  "10.000,00 €"):
        assert any(whole in line for line in lines), whole  # on one line: no hyphenation, no break inside
    assert not any(line.endswith("\u00ad") or "\u2010" in line for line in lines)  # no automatic hyphens
    # Amounts in the plan are right-aligned: each ends its line.
    assert any(line.endswith("7.999,00 €") for line in lines)


def longest_authority(application):
    """Every field of the authority that the footer prints at its maximum length."""
    authority = longest_values(application.organisation, application)
    words = "Kommunales Integrationszentrum für Vielfalt Teilhabe und Zusammenhalt im ländlichen Raum "
    authority.department = (words * 3)[:200].strip()
    authority.phone = "+49 2551 69-" + "1" * 38
    authority.email = "integrationszentrum.sonderfoerderung@" + "kreisverwaltung-" * 10 + "steinfurt.de"
    authority.website = "https://www." + "kreisverwaltung-steinfurt-" * 7 + "nrw.de"
    authority.bank_details = ("Kreissparkasse Steinfurt IBAN DE12 4035 1060 0000 0000 00 BIC WELADED1STF " * 3)[:200]
    authority.save()
    return authority


@pytest.mark.parametrize("longest", [False, True], ids=["shortest", "longest"])
def test_the_footer_stays_inside_the_page_on_every_page(application, alice, rita, anton, longest):
    app = steps.approved(application, alice, rita, anton)
    if longest:
        longest_authority(app)
    authority = app.call.programme.authority
    lines = address.footer_lines(authority)
    context = context_for(Letter.Kind.RECEIPT, app)
    pdf = letters.render_letter(Letter.Kind.RECEIPT, context)

    assert len(lines) <= address.FOOTER_LINES
    assert all(address.text_width(line, address.FOOTER_SIZE) <= address.FOOTER_WIDTH_MM for line in lines)
    assert lines[0].startswith(authority.name[:40].strip()) or lines[0].startswith(authority.name)
    place = f"{authority.postcode}\u00a0{authority.city}"
    assert squeezed(place) in squeezed("".join(lines))  # postcode and town never shortened
    for page in range(len(PdfReader(io.BytesIO(pdf)).pages)):
        # the bottom margin starts 270 mm from the top; the footer ends at least 6 mm above the edge
        footer = text_in_box(pdf, left=24, top=270, width=132, height=21, page=page)
        assert squeezed(footer) == squeezed("".join(lines)), page
    if longest:
        assert any(line.endswith("…") for line in lines)
    else:
        assert not any("…" in line for line in lines)
        assert squeezed(authority.email) in squeezed(lines[1])


def test_the_application_footer_keeps_the_file_reference_on_at_most_three_lines(application, alice):
    steps.submitted(application, alice)
    app = application
    app.refresh_from_db()
    longest_values(app.organisation, app)
    app.title = ("Nachbarschaftscafé und Hausaufgabenhilfe für Kinder und Eltern aus aller Welt " * 3)[:200].strip()
    app.save()
    pdf = letters.render_letter(Letter.Kind.APPLICATION, context_for(Letter.Kind.APPLICATION, app))

    footer = text_in_box(pdf, left=24, top=275, width=132, height=17)
    assert squeezed(f"Antrag {app.file_reference}") in squeezed(footer)
    assert squeezed(app.organisation.name[:60]) in squeezed(footer) and "…" in footer


@pytest.mark.parametrize("longest", [False, True], ids=["shortest", "longest"])
def test_the_letterhead_stays_inside_its_zone(application, alice, longest):
    steps.submitted(application, alice)
    application.refresh_from_db()
    if longest:
        longest_authority(application)
    authority = application.call.programme.authority
    head = address.letterhead(authority)
    pdf = letters.render_letter(Letter.Kind.RECEIPT, context_for(Letter.Kind.RECEIPT, application))

    # the letterhead zone: from the top edge to 45 mm, where the address field and the information block begin
    zone = text_in_box(pdf, left=20, top=0, width=190, height=44.5)
    assert squeezed(zone) == squeezed("".join(head.name_lines + head.department_lines))
    if longest:
        assert head.name_size == 12 and len(head.name_lines) == 3 and head.name_lines[-1].endswith("…")
        assert len(head.department_lines) == 2 and head.department_lines[-1].endswith("…")
    else:
        assert head.name_size == 14 and " ".join(head.name_lines) == authority.name
        assert " ".join(head.department_lines) == authority.department
