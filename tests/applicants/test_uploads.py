"""Uploaded files: the type by content, size limits, generated names."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from applicants.uploads import check_upload, display_name, storage_name
from funding.models.uploads import typed_name
from tests.applicants.conftest import PDF, blank_pdf, image_bytes


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


def _javascript_names(writer):
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(action)])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})


def _launch_link(writer):
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    link = DictionaryObject({NameObject("/Subtype"): NameObject("/Link"), NameObject("/A"): action})
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])


def _open_action(writer):
    action = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("http://x")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def _js_on_a_page(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): DictionaryObject({NameObject("/S"): NameObject("/Rendition"), NameObject("/JS"): TextStringObject("x()")})}
    )


ACTIVE_PDFS = {
    "javascript": blank_pdf(_javascript_names),
    "obfuscated": blank_pdf(_javascript_names).replace(b"/JavaScript", b"/J#61vaScript"),
    "js": blank_pdf(_js_on_a_page),
    "open_action": blank_pdf(_open_action),
    "launch": blank_pdf(_launch_link),
}


@pytest.mark.parametrize("name", ACTIVE_PDFS)
def test_it_refuses_pdfs_with_active_content(name):
    with pytest.raises(forms.ValidationError, match="ausführbare Inhalte"):
        check_upload(upload(ACTIVE_PDFS[name]))


@pytest.mark.parametrize("data", [b"%PDF-1.7\nnur Text, kein PDF", b"%PDF-1.4\n%%EOF\n", PDF[: len(PDF) // 2]])
def test_it_refuses_files_that_are_no_readable_pdf(data):
    with pytest.raises(forms.ValidationError, match="kein lesbares PDF"):
        check_upload(upload(data))


def test_it_names_a_file_by_its_detected_type():
    assert display_name(upload(PDF, name="Angebot.hta"), "application/pdf") == "Angebot.pdf"
    assert display_name(upload(PDF, name="Angebot.pdf.html"), "application/pdf") == "Angebot.pdf"
    assert display_name(upload(PDF, name="foto.jpeg"), "image/jpeg") == "foto.jpg"
    assert typed_name(".htaccess", "image/png") == "htaccess.png" and typed_name("", "image/png") == "datei.png"
