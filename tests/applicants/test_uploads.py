"""Uploaded files: the type by content, size limits, generated names."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from applicants.uploads import check_upload, display_name, storage_name
from tests.applicants.conftest import PDF, image_bytes


def upload(data, name="datei.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("data", "expected"),
    [(PDF, "application/pdf"), (image_bytes("PNG"), "image/png"), (image_bytes("JPEG"), "image/jpeg")],
)
def test_it_recognises_pdf_png_and_jpeg_by_content(data, expected):
    assert check_upload(upload(data, name="scan.bin", content_type="text/plain")) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 this is a windows program",
        b"<html><script>alert(1)</script></html>",
        b"\x89PNG\r\n\x1a\n but then nothing of an image",
        b"",
    ],
)
def test_it_refuses_other_content_even_with_a_pdf_name(data):
    with pytest.raises(forms.ValidationError, match="PDF, ein JPEG- oder ein PNG-Bild"):
        check_upload(upload(data, name="rechnung.pdf"))


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(forms.ValidationError, match="zu groß"):
        check_upload(upload(PDF))


def test_it_refuses_a_file_over_the_limit_per_application(settings):
    settings.MAX_APPLICATION_ATTACHMENT_BYTES = 100
    with pytest.raises(forms.ValidationError, match="Alle Dateien zusammen"):
        check_upload(upload(PDF), already_stored=90)


def test_it_generates_storage_names_and_keeps_a_safe_display_name():
    assert storage_name("image/png").endswith(".png") and len(storage_name("image/png")) == 36
    assert display_name(upload(PDF, name="../../etc/passwd")) == "passwd"
    assert display_name(upload(PDF, name="Angebot Müller (2).pdf")) == "Angebot_Müller_2.pdf"
    assert display_name(upload(PDF, name="???")) == "datei"
