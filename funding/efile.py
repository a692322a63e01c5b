"""The e-file export of one application: every document of the case as one ZIP.

The ZIP holds the stored files byte for byte (letters, attachments, the
organisation's standing documents), the case data written out as JSON and
CSV (the application, the proof of use, the list of receipts, messages,
internal notes, the transition history) and ``xdomea.xml``: an index in the
structure of xdomea 3.1 (Akte, Vorgang, Dokument with file reference,
titles, dates, document types and the SHA-256 of every file), so an e-file
system or an archive can take the case over. Files are copied into the ZIP
in chunks and the ZIP is written to a file object the caller gives (a
temporary file), never built in memory. Used by the staff download, the
bulk export of a call (``funding.services.efile``) and the archive
hand-over of ``apply_retention``.
"""

import csv
import hashlib
import io
import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from django.utils import timezone

from funding.services.letters import LetterIntegrityError
from funding.workflow import history

XDOMEA_NS = "urn:xoev-de:xdomea:schema:3.1.0"
INDEX_NAME = "xdomea.xml"
CHUNK = 1 << 16
# Stable identifiers: the same application, document and export date give the same IDs.
ID_NAMESPACE = uuid.UUID("5b1f7a3e-2c4d-4f61-9a0e-8d3c6b2e1f70")

# Vorgänge of the Akte: (key, title).
CASE_APPLICATION = ("antrag", "Antrag und Anlagen")
CASE_LETTERS = ("schreiben", "Schreiben und Bescheide")
CASE_PROOF = ("verwendungsnachweis", "Verwendungsnachweis")
CASE_COMMUNICATION = ("kommunikation", "Nachrichten und Vermerke")
CASE_HISTORY = ("verlauf", "Bearbeitungsverlauf")
CASES = [CASE_APPLICATION, CASE_LETTERS, CASE_PROOF, CASE_COMMUNICATION, CASE_HISTORY]


@dataclass
class Document:
    """One file of the export: where it goes, what it is, and where its bytes come from."""

    path: str
    title: str
    kind: str  # the document type shown in the index
    created: object  # datetime or date
    case: tuple
    mime: str = "application/pdf"
    source: object = None  # a FieldFile, streamed
    data: bytes = b""  # or bytes written out here
    expected_sha256: str = ""  # a stored letter's hash: the copy must match it
    original_name: str = ""
    sha256: str = ""
    size: int = 0


def efile_write(application, target):
    """Writes the e-file ZIP of ``application`` into the binary file object ``target``.

    Returns the documents written, each with its SHA-256 and size. A stored
    letter whose bytes no longer match its recorded hash stops the export
    (``LetterIntegrityError``): an archive must not receive a changed letter.
    """
    documents = case_documents(application)
    stamp = timezone.localtime().timetuple()[:6]
    with ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        for document in documents:
            _add(archive, stamp, document)
        archive.writestr(ZipInfo(INDEX_NAME, date_time=stamp), efile_index(application, documents),
                         compress_type=ZIP_DEFLATED)
    return documents


def _add(archive, stamp, document):
    digest, size = hashlib.sha256(), 0
    info = ZipInfo(document.path, date_time=stamp)
    info.compress_type = ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as out:
        for chunk in _chunks(document):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    document.sha256, document.size = digest.hexdigest(), size
    if document.expected_sha256 and document.sha256 != document.expected_sha256:
        raise LetterIntegrityError(f"{document.path}: stored file does not match its SHA-256")


def _chunks(document):
    if document.source is None:
        yield document.data
        return
    with document.source.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def case_documents(application):
    """Every document of the case, in the order of the index."""
    documents = [_data_document(application)]
    documents += _attachments(application)
    documents += _letters(application)
    documents += _proof(application)
    documents += _communication(application)
    documents.append(_history_document(application))
    return documents


def _json(value):
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()


def _data_document(application):
    return Document(
        path="antrag.json", title=f"Antragsdaten: {application.title}", kind="Antragsdaten",
        created=application.submitted_at or application.created_at, case=CASE_APPLICATION,
        mime="application/json", data=_json(application_data(application)),
    )


def application_data(application):
    """The core data of the application, as the e-file keeps it."""
    organisation = application.organisation
    return {
        "aktenzeichen": application.file_reference,
        "titel": application.title,
        "aufruf": application.call.name,
        "foerderlinie": application.line.name,
        "organisation": {
            "name": organisation.name, "registergericht": organisation.register_court,
            "registernummer": organisation.register_number,
            "anschrift": f"{organisation.street}, {organisation.postcode} {organisation.city}",
        },
        "status": str(application.get_state_display()),
        "kurzbeschreibung": application.summary,
        "ziele": application.goals,
        "zielgruppe": application.target_group,
        "massnahmen": application.activities,
        "zeitraum": [application.start_date, application.end_date],
        "kostenplan": [
            {"kategorie": str(line.get_category_display()), "beschreibung": line.description, "betrag": line.amount}
            for line in application.cost_lines.all()
        ],
        "eigenmittel": application.own_funds,
        "eigenleistung": application.volunteer_work,
        "drittmittel": application.third_party_funds,
        "andere_oeffentliche_mittel": application.other_public_funds,
        "beantragt": application.requested_amount,
        "bewilligt": application.approved_amount,
        "eingegangen": application.submitted_at,
        "entschieden": application.decided_at,
    }


def _attachments(application):
    documents = [
        Document(
            path=f"anlagen/{attachment.pk}-{attachment.download_name()}", title=attachment.download_name(),
            kind=str(attachment.get_kind_display()), created=attachment.uploaded_at, case=CASE_APPLICATION,
            mime=attachment.content_type, source=attachment.file, original_name=attachment.original_name,
        )
        for attachment in application.attachments.all()
    ]
    documents += [
        Document(
            path=f"vereinsdokumente/{document.pk}-{document.download_name()}", title=document.download_name(),
            kind=str(document.get_kind_display()), created=document.uploaded_at, case=CASE_APPLICATION,
            mime=document.content_type, source=document.file, original_name=document.original_name,
        )
        for document in application.organisation.documents.all()
    ]
    return documents


def _letters(application):
    return [
        Document(
            path=f"schreiben/{letter.pk}-{letter.download_name()}", title=str(letter.get_kind_display()),
            kind=str(letter.get_kind_display()), created=letter.created_at, case=CASE_LETTERS,
            source=letter.file, expected_sha256=letter.sha256, original_name=letter.download_name(),
        )
        for letter in application.letters.select_related("application")
    ]


def _proof(application):
    proof = getattr(application, "proof", None)
    if proof is None or proof.submitted_at is None:
        return []
    data = {
        "eingereicht": proof.submitted_at, "durchgefuehrt": proof.activities,
        "erreichte_teilnehmende": proof.participants_reached, "ergebnisse": proof.results,
        "abweichungen": proof.deviations,
        "ausgaben": [
            {"kategorie": str(line.get_category_display()), "beschreibung": line.description,
             "plan": line.planned_amount, "ist": line.actual_amount}
            for line in proof.lines.all()
        ],
        "eigenmittel_ist": proof.own_funds_actual, "drittmittel_ist": proof.third_party_funds_actual,
        "andere_oeffentliche_mittel_ist": proof.other_public_funds_actual, "zuwendung_ist": proof.grant_actual,
        "geprueft": proof.audited_at, "pruefvermerk": proof.audit_note,
        "anerkannte_ausgaben": proof.recognised_expenditure, "festgesetzte_zuwendung": proof.settled_amount,
    }
    return [
        Document(path="verwendungsnachweis.json", title="Verwendungsnachweis", kind="Verwendungsnachweis",
                 created=proof.submitted_at, case=CASE_PROOF, mime="application/json", data=_json(data)),
        Document(path="belegliste.csv", title="Belegliste", kind="Belegliste", created=proof.submitted_at,
                 case=CASE_PROOF, mime="text/csv", data=_receipts_csv(proof)),
    ]


def _receipts_csv(proof):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(["Datum", "Empfänger", "Zweck", "Kategorie", "Betrag"])
    for receipt in proof.receipts.all():
        writer.writerow([receipt.date.isoformat(), receipt.payee, receipt.purpose,
                         str(receipt.get_category_display()), str(receipt.amount)])
    return text.getvalue().encode("utf-8-sig")


def _communication(application):
    messages = [
        {"datum": message.created_at, "von_verwaltung": message.from_staff,
         "absender": message.sender.get_username() if message.sender else "",
         "betreff": str(message.shown_subject), "text": message.body}
        for message in application.messages.select_related("sender")
    ]
    notes = [
        {"datum": note.created_at, "verfasst_von": note.author.get_username(), "text": note.body}
        for note in application.notes.select_related("author")
    ]
    created = application.submitted_at or application.created_at
    return [
        Document(path="nachrichten.json", title="Nachrichten", kind="Nachrichten", created=created,
                 case=CASE_COMMUNICATION, mime="application/json", data=_json(messages)),
        Document(path="notizen.json", title="Interne Notizen", kind="Vermerk", created=created,
                 case=CASE_COMMUNICATION, mime="application/json", data=_json(notes)),
    ]


def _history_document(application):
    steps = [
        {"zeitpunkt": log.timestamp, "schritt": str(log.label), "von": log.source_state, "nach": log.state,
         "durch": log.by.get_username() if log.by else "", "begruendung": log.description or ""}
        for log in history(application)
    ]
    return Document(path="verlauf.json", title="Bearbeitungsverlauf", kind="Bearbeitungsverlauf",
                    created=application.updated_at, case=CASE_HISTORY, mime="application/json", data=_json(steps))


def _id(*parts):
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(str(part) for part in parts)))


def _element(parent, name, text=None, **attributes):
    element = ET.SubElement(parent, f"{{{XDOMEA_NS}}}{name}", attributes)
    if text is not None:
        element.text = str(text)
    return element


def _identification(parent, identifier):
    _element(_element(parent, "Identifikation"), "ID", identifier)


def _code(parent, name, code, label=None):
    element = _element(parent, name)
    _element(element, "code", code)
    if label:
        _element(element, "name", label)


def _iso(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def efile_index(application, documents):
    """The xdomea-structured index (Abgabe.Abgabe.0502): one Akte, a Vorgang per part of the case."""
    ET.register_namespace("xdomea", XDOMEA_NS)
    root = ET.Element(f"{{{XDOMEA_NS}}}Abgabe.Abgabe.0502")
    _header(root, application)
    record = _element(_element(root, "Schriftgutobjekt"), "Akte")
    _identification(record, _id("akte", application.pk))
    _metadata(record, f"{application.file_reference}: {application.title}", application.file_reference,
              application.submitted_at or application.created_at, application.updated_at)
    _code(record, "Aktentyp", "Foerdervorgang", application.call.name)
    content = _element(record, "Akteninhalt")
    for case in CASES:
        in_case = [document for document in documents if document.case == case]
        if in_case:
            _case(content, application, case, in_case)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _header(root, application):
    header = _element(root, "Kopf")
    _element(header, "ProzessID", _id("abgabe", application.pk, timezone.localdate()))
    _code(header, "Nachrichtentyp", "0502", "Abgabe.Abgabe")
    _element(header, "Erstellungszeitpunkt", _iso(timezone.now()))
    sender = _element(header, "Absender")
    authority = application.call.programme.authority
    _element(_element(sender, "Behoerdenkennung"), "Behoerde", authority.name)
    _element(header, "SendendesSystem", "MSO-Förderung")


def _metadata(parent, subject, reference, begin, end):
    metadata = _element(parent, "AllgemeineMetadaten")
    _element(metadata, "Betreff", subject)
    _element(metadata, "Kennzeichen", reference or "")
    period = _element(metadata, "Laufzeit")
    _element(period, "Beginn", _iso(begin))
    _element(period, "Ende", _iso(end))


def _case(content, application, case, documents):
    key, title = case
    element = _element(content, "Vorgang")
    _identification(element, _id("vorgang", application.pk, key))
    dates = [document.created for document in documents if document.created]
    _metadata(element, title, f"{application.file_reference}/{key}", min(dates, default=None),
              max(dates, default=None))
    for document in documents:
        _document(element, application, document)


def _document(parent, application, document):
    element = _element(parent, "Dokument")
    _identification(element, _id("dokument", application.pk, document.path))
    _metadata(element, document.title, application.file_reference, document.created, document.created)
    _code(element, "Dokumenttyp", document.kind)
    version = _element(element, "Version")
    _element(version, "Nummer", "1")
    file_format = _element(version, "Format")
    _code(file_format, "Name", document.path.rsplit(".", 1)[-1], document.mime)
    primary = _element(file_format, "Primaerdokument")
    _element(primary, "Dateiname", document.path)
    _element(primary, "DateinameOriginal", document.original_name or document.path.rsplit("/", 1)[-1])
    _element(primary, "DatumUhrzeit", _iso(document.created))
    _element(primary, "Dateigroesse", document.size)
    _element(primary, "Pruefsumme", document.sha256, Algorithmus="SHA-256")
