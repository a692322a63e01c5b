"""Attachments of an application: content check, limits, download, delete."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from funding.models import Attachment
from funding.services.applications import application_submit
from tests.applicants.conftest import PDF, image_bytes
from tests.applicants.test_uploads import ACTIVE_PDFS

pytestmark = pytest.mark.django_db


def post_file(client, application, data, name="angebot.pdf", kind="quote"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(f"/portal/antraege/{application.pk}/anlagen/", {"kind": kind, "file": file})


def test_it_uploads_a_quote_under_a_generated_name(client, bob, application):
    client.force_login(bob)
    response = post_file(client, application, image_bytes("PNG"), name="Angebot Honorar.png")
    assert response.url == f"/portal/antraege/{application.pk}/anlagen/"
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.content_type, attachment.original_name) == ("quote", "image/png", "Angebot_Honorar.png")
    assert "Angebot" not in attachment.file.name and attachment.uploaded_by == bob


def test_it_serves_an_attachment_only_as_a_download(client, alice, application):
    client.force_login(alice)
    post_file(client, application, PDF)
    attachment = Attachment.objects.get()
    response = client.get(f"/portal/antraege/{application.pk}/anlagen/{attachment.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="angebot.pdf"'
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_it_refuses_a_disguised_file(client, alice, application):
    client.force_login(alice)
    response = post_file(client, application, b"<svg onload=alert(1)>", name="bild.png")
    assert response.status_code == 400
    assert "PDF, ein JPEG- oder ein PNG-Bild" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_enforces_the_limit_per_application(client, alice, application, settings):
    settings.MAX_APPLICATION_ATTACHMENT_BYTES = len(PDF) + 10
    client.force_login(alice)
    post_file(client, application, PDF)
    response = post_file(client, application, PDF)
    assert "Alle Dateien zusammen" in response.content.decode()
    assert Attachment.objects.count() == 1


def test_it_enforces_the_limit_per_file(client, alice, application, settings):
    settings.MAX_ATTACHMENT_BYTES = 20
    client.force_login(alice)
    response = post_file(client, application, PDF)
    assert "zu groß" in response.content.decode()


def test_it_deletes_an_attachment_of_a_draft(client, alice, application, django_capture_on_commit_callbacks):
    client.force_login(alice)
    post_file(client, application, PDF)
    attachment = Attachment.objects.get()
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/portal/antraege/{application.pk}/anlagen/{attachment.pk}/loeschen/")
    assert not Attachment.objects.exists() and not storage.exists(name)


def test_it_keeps_the_attachments_of_a_submitted_application(client, alice, draft):
    client.force_login(alice)
    post_file(client, draft, PDF)
    application_submit(application=draft, user=alice)
    attachment = Attachment.objects.get()
    response = client.post(f"/portal/antraege/{draft.pk}/anlagen/{attachment.pk}/loeschen/", follow=True)
    assert "kann im Status" in response.content.decode()
    assert Attachment.objects.exists()
    assert post_file(client, draft, PDF).status_code == 302  # sent back to the application page
    assert Attachment.objects.count() == 1


def test_it_shows_which_standing_documents_are_missing(client, alice, application):
    application.organisation.documents.filter(kind="tax_exemption").delete()
    client.force_login(alice)
    page = client.get(f"/portal/antraege/{application.pk}/anlagen/").content.decode()
    assert "Für diesen Antrag fehlen noch" in page and "Freistellungsbescheid" in page


@pytest.fixture
def submitted_with_quote(client, alice, draft):
    client.force_login(alice)
    post_file(client, draft, PDF, name="Angebot.hta")
    application_submit(application=draft, user=alice)
    return Attachment.objects.get()


def test_it_stores_and_serves_a_file_under_the_extension_of_its_type(client, alice, rita, submitted_with_quote, settings):
    settings.REQUIRE_STAFF_2FA = False
    attachment = submitted_with_quote
    assert attachment.original_name == "Angebot.pdf" and attachment.file.name.endswith(".pdf")
    client.force_login(alice)
    response = client.get(f"/portal/antraege/{attachment.application_id}/anlagen/{attachment.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="Angebot.pdf"'
    client.force_login(rita)
    staff = client.get(f"/sachbearbeitung/antraege/{attachment.application_id}/anlagen/{attachment.pk}/")
    assert staff["Content-Disposition"] == 'attachment; filename="Angebot.pdf"'
    assert staff["Content-Type"] == "application/pdf"


def test_it_serves_an_older_upload_under_the_extension_of_its_type(client, alice, application):
    client.force_login(alice)
    post_file(client, application, PDF)
    attachment = Attachment.objects.get()
    Attachment.objects.filter(pk=attachment.pk).update(original_name="Angebot.html")  # stored before the fix
    response = client.get(f"/portal/antraege/{application.pk}/anlagen/{attachment.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="Angebot.pdf"'


def test_it_refuses_a_pdf_with_javascript(client, alice, application):
    client.force_login(alice)
    response = post_file(client, application, ACTIVE_PDFS["javascript"], name="Angebot.pdf")
    assert response.status_code == 400
    assert "ausführbare Inhalte" in response.content.decode()
    assert not Attachment.objects.exists()


class Unreadable:
    """A request body that must not be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


class Counting(io.BytesIO):
    def read(self, size=-1):
        data = super().read(size)
        self.consumed = getattr(self, "consumed", 0) + len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.consumed = getattr(self, "consumed", 0) + len(data)
        return data


def test_it_refuses_an_oversize_request_before_reading_its_body(client, alice, application, settings):
    client.force_login(alice)
    claimed = settings.MAX_ATTACHMENT_BYTES + settings.MAX_REQUEST_OVERHEAD_BYTES + 1
    response = client.generic(
        "POST", f"/portal/antraege/{application.pk}/anlagen/", b"",
        **{"wsgi.input": Unreadable(), "CONTENT_LENGTH": str(claimed), "CONTENT_TYPE": MULTIPART_CONTENT},
    )
    assert response.status_code == 413
    assert "Die Datei ist zu groß. Erlaubt sind höchstens 10,0" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_stops_reading_a_file_once_it_passes_the_limit(client, alice, application, settings):
    settings.MAX_ATTACHMENT_BYTES = 64 * 1024
    client.force_login(alice)
    body = encode_multipart(BOUNDARY, {"kind": "quote", "file": SimpleUploadedFile("gross.pdf", PDF + b"0" * 1024 * 1024)})
    stream = Counting(body)
    response = client.generic(
        "POST", f"/portal/antraege/{application.pk}/anlagen/", b"",
        **{"wsgi.input": stream, "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": MULTIPART_CONTENT},
    )
    assert response.status_code == 413 and "zu groß" in response.content.decode()
    assert stream.consumed < len(body) / 4
    assert not Attachment.objects.exists()


def test_it_answers_404_for_a_file_missing_from_the_store(client, alice, rita, submitted_with_quote, settings):
    settings.REQUIRE_STAFF_2FA = False
    attachment = submitted_with_quote
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(alice)
    assert client.get(f"/portal/antraege/{attachment.application_id}/anlagen/{attachment.pk}/").status_code == 404
    client.force_login(rita)
    assert client.get(f"/sachbearbeitung/antraege/{attachment.application_id}/anlagen/{attachment.pk}/").status_code == 404
