"""E-file export: every document of a case in one ZIP with an xdomea-structured index."""

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from funding.efile import INDEX_NAME, XDOMEA_NS
from funding.models import Application, Attachment, EfileExportJob, Letter, Message, Note, ProofOfUse, Receipt
from funding.services.efile import efile_job_run, efile_temp
from funding.services.letters import LetterIntegrityError
from tests.factories import ApplicationFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]
NS = {"x": XDOMEA_NS}


@pytest.fixture
def case(organisation, documents, line, alice, rita, anton):
    app = steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    attachment = Attachment(application=app, kind="quote", original_name="Angebot.pdf", content_type="application/pdf")
    attachment.file.save("angebot.pdf", ContentFile(b"%PDF-1.4 Angebot"), save=True)
    Message.objects.create(application=app, sender=alice, body="Wir haben eine Frage zum Mittelabruf.")
    Note.objects.create(application=app, author=rita, body="Telefonat mit dem Vorstand.")
    proof = ProofOfUse.objects.create(application=app, submitted_at=timezone.now(), activities="Drei Treffen")
    Receipt.objects.create(proof=proof, date=date(2027, 5, 1), payee="Druckerei Rheine", purpose="Flyer",
                           amount=Decimal("120.50"))
    return app


def _index(archive):
    return ET.fromstring(archive.read(INDEX_NAME))


def _listed(root):
    """{file name: (SHA-256, size, document type)} of every Dokument in the index."""
    return {
        doc.find(".//x:Primaerdokument/x:Dateiname", NS).text: (
            doc.find(".//x:Primaerdokument/x:Pruefsumme", NS).text,
            int(doc.find(".//x:Primaerdokument/x:Dateigroesse", NS).text),
            doc.find("x:Dokumenttyp/x:code", NS).text,
        )
        for doc in root.iterfind(".//x:Dokument", NS)
    }


def test_it_lists_every_file_of_the_case_with_its_checksum(client, case, rita):
    client.force_login(rita)

    response = client.get(reverse("staff:efile_download", args=[case.pk]))

    assert response["Content-Type"] == "application/zip" and response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    root = _index(archive)
    listed = _listed(root)
    files = set(archive.namelist()) - {INDEX_NAME}
    assert set(listed) == files
    for name, (digest, size, _kind) in listed.items():
        data = archive.read(name)
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (digest, size)
    for letter in case.letters.all():
        name = next(n for n in files if n.startswith(f"schreiben/{letter.pk}-"))
        assert listed[name][0] == letter.sha256
    assert {"antrag.json", "verwendungsnachweis.json", "belegliste.csv", "nachrichten.json", "notizen.json",
            "verlauf.json"} <= files
    assert sum(name.startswith("anlagen/") for name in files) == 1
    assert sum(name.startswith("vereinsdokumente/") for name in files) == case.organisation.documents.count()
    assert "Druckerei Rheine" in archive.read("belegliste.csv").decode("utf-8-sig")
    assert "approve" in archive.read("verlauf.json").decode()
    record = root.find("x:Schriftgutobjekt/x:Akte", NS)
    assert record.find("x:AllgemeineMetadaten/x:Kennzeichen", NS).text == case.file_reference
    titles = [v.find("x:AllgemeineMetadaten/x:Betreff", NS).text for v in record.iterfind(".//x:Vorgang", NS)]
    assert titles == ["Antrag und Anlagen", "Schreiben und Bescheide", "Verwendungsnachweis",
                      "Nachrichten und Vermerke", "Bearbeitungsverlauf"]


def test_it_answers_404_to_applicants_and_for_drafts(client, case, alice, rita, application):
    client.force_login(alice)
    assert client.get(reverse("staff:efile_download", args=[case.pk])).status_code == 404
    client.force_login(rita)
    assert client.get(reverse("staff:efile_download", args=[application.pk])).status_code == 404


def test_it_refuses_a_letter_that_no_longer_matches_its_hash(case):
    Letter.objects.filter(application=case).update(sha256="0" * 64)

    with pytest.raises(LetterIntegrityError):
        efile_temp(case)


def test_it_exports_a_whole_call_in_the_background(client, case, anton):
    client.force_login(anton)

    response = client.post(reverse("staff:efile_job_start", args=[case.call_id]))

    job = EfileExportJob.objects.get()
    assert response["Location"] == reverse("staff:efile_job", args=[job.pk]) and job.total == 1
    efile_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == (EfileExportJob.Status.DONE, 1)
    download = b"".join(client.get(reverse("staff:efile_job_download", args=[job.pk])).streaming_content)
    assert hashlib.sha256(download).hexdigest() == job.sha256
    outer = zipfile.ZipFile(io.BytesIO(download))
    name = f"E-Akte_{case.file_reference}.zip"
    inner_bytes = outer.read(name)
    assert f"{hashlib.sha256(inner_bytes).hexdigest()}  {name}" in outer.read("SHA256SUMS").decode()
    inner = zipfile.ZipFile(io.BytesIO(inner_bytes))
    assert set(_listed(_index(inner))) == set(inner.namelist()) - {INDEX_NAME}


def test_another_users_export_job_is_404(client, case, anton, rita):
    client.force_login(anton)
    client.post(reverse("staff:efile_job_start", args=[case.call_id]))
    client.force_login(rita)
    assert client.get(reverse("staff:efile_job", args=[EfileExportJob.objects.get().pk])).status_code == 404


def test_the_archive_hand_over_is_the_e_file(case, tmp_path):
    Application.objects.filter(pk=case.pk).update(state="closed", updated_at=timezone.now().replace(year=2000))
    ProofOfUse.objects.filter(application=case).update(submitted_at=timezone.now().replace(year=2000))

    call_command("apply_retention", "--archive-dir", str(tmp_path), stdout=io.StringIO())

    archive = zipfile.ZipFile(tmp_path / f"{case.file_reference}.zip")
    assert set(_listed(_index(archive))) == set(archive.namelist()) - {INDEX_NAME}
    assert any(name.startswith("anlagen/") for name in archive.namelist())
