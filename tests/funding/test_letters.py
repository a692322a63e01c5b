"""Letter PDF rendering: layout basics and, mainly, resource lock-down.

No database is needed. A real TCP listener on 127.0.0.1 records every
connection, so "no network access" is observed, not assumed.
"""

import base64
import copy
import datetime
import gc
import hashlib
import io
import os
import re
import socket
import threading
import urllib.request
import zlib
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import mark_safe
from pypdf import PdfReader

from funding import letters
from funding.letterkinds import Annex, Signature
from funding.letterkinds.address import AddressField
from funding.letters import (
    LETTER_STATIC_DIR,
    BlockedResourceError,
    SafeURLFetcher,
    html_to_pdf,
    render_letter,
    render_pdf,
    sha256_hex,
)

PASSWD = Path("/etc/passwd")
SECRET = "GEHEIM-4711-nicht-ausgeben"

TEST_LETTER = """{% extends "letters/base.html" %}
{% block subject %}Zuwendungsbescheid {{ file_reference }}{% endblock %}
{% block body %}
{% for note in notes %}<p class="nowrap">{{ note }}</p>{% endfor %}
{% endblock %}
"""


# ---------------------------------------------------------------- helpers


@pytest.fixture
def letter_templates(tmp_path, settings):
    """Make a throwaway test letter (extending letters/base.html) loadable."""
    (tmp_path / "test_letter.html").write_text(TEST_LETTER, encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0].get("DIRS", [])]
    settings.TEMPLATES = templates
    return tmp_path


def address_field_of(lines):
    return AddressField(return_lines=("Landkreis Musterstadt · Hauptstraße 1 · 12345 Musterstadt",), lines=tuple(lines),
                        size=10, shortened=False)


def base_context(**overrides):
    context = {
        "authority": SimpleNamespace(
            name="Landkreis Musterstadt", department="Kommunales Integrationszentrum",
            street="Hauptstraße 1", postcode="12345", city="Musterstadt",
            phone="0123 456-0", email="ki@example.org", website="www.example.org"),
        "contact_name": "Frau Beispiel",
        "contact_phone": "0123 456-700",
        "contact_email": "beispiel@example.org",
        "file_reference": "KI-MSO-2025-0042",
        "letter_date": datetime.date(2025, 3, 1),
        "addressee_lines": ["Verein Brücke e. V.", "Lindenweg 12", "12345 Musterstadt"],
        "address_field": address_field_of(["Verein Brücke e. V.", "Lindenweg 12", "12345 Musterstadt"]),
        "signature": Signature(name="Dr. Erika Mustermann", title="Leiterin"),
        "secret": SECRET,
    }
    context.update(overrides)
    return context


def read_pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in read_pdf(data).pages)
    return " ".join(text.split())


def pdf_plain_bytes(data: bytes) -> bytes:
    """The PDF with every Flate stream decompressed, for content searches."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            chunks.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            pass  # not a Flate stream
    return b"".join(chunks)


def passwd_markers() -> list[bytes]:
    markers = [b"root:x:0:0"]
    if PASSWD.exists():
        markers += [line for line in PASSWD.read_bytes().splitlines()[:3] if line]
    return markers


def assert_no_leak(data: bytes):
    plain = pdf_plain_bytes(data)
    for marker in passwd_markers():
        assert marker not in plain
    reader = read_pdf(data)
    assert not reader.attachments
    assert b"/EmbeddedFile" not in plain
    assert b"/FileAttachment" not in plain


def tiny_png() -> bytes:
    def chunk(kind, payload):
        body = kind + payload
        return len(payload).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (2).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])  # 2x2 RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff\x00\x00" * 2)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def image_xobjects(data: bytes) -> list:
    found = []
    for page in read_pdf(data).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                found.append(ref)
    return found


def letter_css_url() -> str:
    return (LETTER_STATIC_DIR / "letter.css").as_uri()


# ------------------------------------------------- the listener itself works


def test_listener_detects_connections(listener):
    # Positive control: without it "zero connections" could be vacuous.
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
    assert len(listener.drain()) == 1


# ------------------------------------------- applicant text through render_pdf


def applicant_payloads(port: int) -> list[str]:
    return [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
        f"<style>body{{background:url(http://127.0.0.1:{port}/x)}}</style>",
        f'<p style="background:url(http://127.0.0.1:{port}/)">css</p>',
        "{{ secret }}",
        "{% load static %}",
    ]


def test_applicant_markup_is_rendered_as_text(letter_templates, listener):
    payloads = applicant_payloads(listener.port)
    context = base_context(
        notes=payloads,
        contact_name=payloads[0],
        file_reference=payloads[2],
        addressee_lines=payloads[:4],
        address_field=address_field_of(payloads[:4]),
    )
    data = render_pdf("test_letter.html", context)

    text = pdf_text(data)
    for payload in payloads:
        assert payload in text
    assert SECRET not in text
    assert_no_leak(data)
    assert listener.drain() == []


# ------------------------------------- trusted HTML: the fetcher blocks alone


def hostile_html(port: int) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="file:///etc/passwd" width="10" height="10"/>'
        f'<image href="http://127.0.0.1:{port}/svg.png" width="10" height="10"/>'
        "</svg>")
    svg_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    web = f"http://127.0.0.1:{port}"
    return f"""<!DOCTYPE html><html lang="de"><head>
<link rel="stylesheet" href="letter.css">
<link rel="stylesheet" href="{web}/s.css">
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="{web}/a.bin">
<style>
@import url({web}/i.css);
@font-face {{ font-family: Remote; src: url({web}/f.ttf); }}
body {{ background: url({web}/bg.png); }}
p {{ font-family: Remote, "DejaVu Sans"; }}
</style></head><body>
<p>Vertrauenswürdige Vorlage mit Fremdressourcen</p>
<img src="file:///etc/passwd">
<img src="{web}/img.png"><img src="https://127.0.0.1:{port}/img.png">
<img src="ftp://127.0.0.1:{port}/img.png">
<img src="file://{LETTER_STATIC_DIR}/../../../../../../etc/passwd">
<img src="../../../../../../../../etc/passwd">
<img src="{svg_uri}">
<object data="file:///etc/passwd"></object><embed src="{web}/e.bin">
<a rel="attachment" href="file:///etc/passwd">Anhang</a>
<a rel="attachment" href="{web}/b.bin">Anhang 2</a>
<div style="background-image: url({web}/div.png)">x</div>
</body></html>"""


def test_fetcher_blocks_even_unescaped_markup(listener):
    data = html_to_pdf(mark_safe(hostile_html(listener.port)))
    assert "Vertrauenswürdige Vorlage" in pdf_text(data)
    assert_no_leak(data)
    assert listener.drain() == []


def test_fetcher_blocks_attachments_without_the_drop_layer(listener, monkeypatch):
    # Switch off the second layer: the fetcher alone must keep files out.
    monkeypatch.setattr(letters, "_drop_attachments", lambda document: None)
    data = html_to_pdf(hostile_html(listener.port))
    assert_no_leak(data)
    assert listener.drain() == []


def test_allowed_attachment_is_dropped_by_drop_layer(monkeypatch):
    html = ('<html><head><link rel="attachment" href="letter.css"></head><body>'
            f'<a rel="attachment" href="{letter_css_url()}">x</a></body></html>')
    plain = pdf_plain_bytes(html_to_pdf(html))
    assert b"/EmbeddedFile" not in plain
    assert b"/FileAttachment" not in plain
    # Positive control: the check above can see an attachment when present.
    monkeypatch.setattr(letters, "_drop_attachments", lambda document: None)
    plain = pdf_plain_bytes(html_to_pdf(html))
    assert b"/EmbeddedFile" in plain
    assert b"/FileAttachment" in plain


def test_base_element_cannot_redirect_relative_urls(monkeypatch):
    monkeypatch.setattr(letters, "_drop_attachments", lambda document: None)
    html = ('<html><head><base href="file:///etc/"></head><body>'
            '<img src="passwd"><link rel="attachment" href="passwd">'
            "<p>Text</p></body></html>")
    data = html_to_pdf(html)
    assert_no_leak(data)


# ---------------------------------------------------- what is allowed works


def test_data_png_renders_as_image():
    uri = "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
    data = html_to_pdf(f'<html><body><img src="{uri}" style="width:2cm"></body></html>')
    assert len(image_xobjects(data)) == 1


def test_remote_image_does_not_render(listener):
    data = html_to_pdf(f'<html><body><img src="http://127.0.0.1:{listener.port}/a.png">'
                       "</body></html>")
    assert image_xobjects(data) == []
    assert listener.drain() == []


def test_base_letter_layout_and_stylesheet():
    data = render_letter("base", base_context(annexes=[Annex(title="ANBest-P", number=1)]))
    reader = read_pdf(data)
    text = pdf_text(data)
    # Page numbers come from @page in letter.css: proves the sheet was loaded.
    assert "Seite 1 von 1" in text
    for expected in ["Landkreis Musterstadt", "Aktenzeichen", "KI-MSO-2025-0042",
                     "01.03.2025", "Verein Brücke e. V.", "Im Auftrag",
                     "Dr. Erika Mustermann", "Anlage", "ANBest-P"]:
        assert expected in text
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    assert reader.metadata.title == "Landkreis Musterstadt – KI-MSO-2025-0042"


def test_page_numbers_on_long_letter(letter_templates):
    data = render_pdf("test_letter.html", base_context(notes=["Absatz"] * 120))
    pages = read_pdf(data).pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page.extract_text()


def test_output_is_deterministic():
    context = base_context()
    first, second = render_letter("base", context), render_letter("base", context)
    assert first == second
    assert read_pdf(first).metadata["/CreationDate"].startswith("D:20250301")


def test_render_letter_rejects_odd_names():
    for name in ["../base", "letters/base", "_letterhead", "Base", "base.html", ""]:
        with pytest.raises(ValueError):
            render_letter(name, base_context())


def test_render_pdf_requires_autoescape(settings, letter_templates):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0].setdefault("OPTIONS", {})["autoescape"] = False
    settings.TEMPLATES = templates
    with pytest.raises(ImproperlyConfigured):
        render_pdf("test_letter.html", base_context(notes=[]))


def test_sha256_hex():
    assert sha256_hex(b"") == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")


# ------------------------------------------------- SafeURLFetcher unit tests


def test_fetcher_serves_letter_stylesheet():
    response = SafeURLFetcher().fetch(letter_css_url())
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_fetcher_serves_data_urls():
    response = SafeURLFetcher().fetch("data:text/plain;base64,aGFsbG8=")
    assert response.read() == b"hallo"
    assert response.content_type == "text/plain"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://fileserver/share/secret.css",
        f"file://{LETTER_STATIC_DIR}/../../../../../../etc/passwd",
        f"file://{LETTER_STATIC_DIR}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"file://{LETTER_STATIC_DIR}/does-not-exist.css",
        f"file://{LETTER_STATIC_DIR}/letter.css%00.png",
        f"file://{LETTER_STATIC_DIR}",
        "http://127.0.0.1/letter.css",
        "https://example.org/letter.css",
        "ftp://127.0.0.1/letter.css",
        "gopher://127.0.0.1/",
        "javascript:alert(1)",
        "letter.css",
        "",
    ],
)
def test_fetcher_refuses(url):
    with pytest.raises(BlockedResourceError):
        SafeURLFetcher().fetch(url)


def test_fetcher_never_uses_urllib_opener(monkeypatch, listener):
    def forbidden(*args, **kwargs):
        raise AssertionError("urllib opener was used")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", forbidden)
    fetcher = SafeURLFetcher()
    url = f"http://127.0.0.1:{listener.port}/x"
    for call in (fetcher.fetch, fetcher.open, fetcher):
        with pytest.raises(BlockedResourceError):
            call(url)
    with pytest.raises(BlockedResourceError):
        fetcher.open(urllib.request.Request(url))
    assert listener.drain() == []


@pytest.fixture
def asset_root(tmp_path):
    root = tmp_path / "letters"
    root.mkdir()
    (root / "ok.css").write_text("p { color: red }", encoding="utf-8")
    (root / "notes.txt").write_text("not an asset", encoding="utf-8")
    (root / "escape.css").symlink_to(PASSWD)
    (root / "linked-dir").symlink_to(Path("/etc"), target_is_directory=True)
    sibling = tmp_path / "letters-evil"
    sibling.mkdir()
    (sibling / "evil.css").write_text("p { color: blue }", encoding="utf-8")
    return root


def test_fetcher_allows_real_file_in_root(asset_root):
    response = SafeURLFetcher(root=asset_root).fetch((asset_root / "ok.css").as_uri())
    assert response.read() == b"p { color: red }"


@pytest.mark.parametrize(
    "relative",
    [
        "escape.css",  # symlink pointing outside the root
        "linked-dir/passwd",  # symlinked directory pointing outside
        "../letters-evil/evil.css",  # sibling whose name shares the prefix
        "notes.txt",  # inside the root, but not an asset type
    ],
)
def test_fetcher_refuses_escapes_from_root(asset_root, relative):
    url = f"file://{asset_root}/{relative}"
    with pytest.raises(BlockedResourceError):
        SafeURLFetcher(root=asset_root).fetch(url)


# ------------------------------------------------- rendering cost (issue 15)


def page_streams(data: bytes) -> list[bytes]:
    return [page.get_contents().get_data() for page in read_pdf(data).pages]


def test_stylesheets_parsed_once_give_the_same_pdf_as_a_linked_sheet(monkeypatch):
    html = letters.render_letter_html("base", base_context(annexes=[Annex(title="ANBest-P", number=1)]))
    assert '<link rel="stylesheet" href="letter.css">' in html
    parsed = []
    real_css = letters.weasyprint.CSS
    monkeypatch.setattr(letters.weasyprint, "CSS", lambda **kwargs: parsed.append(kwargs["url"]) or real_css(**kwargs))
    monkeypatch.setattr(letters, "_per_thread", threading.local())  # a fresh thread's caches
    cached = [html_to_pdf(html), html_to_pdf(html)]
    assert [url.rsplit("/", 1)[1] for url in parsed] == ["letter.css"]  # once, then reused
    # Any other style in the document: WeasyPrint reads the <link> itself, as always.
    linked = html_to_pdf(html.replace("</head>", "<style></style></head>"))
    assert parsed == parsed[:1]
    assert page_streams(cached[0]) == page_streams(cached[1]) == page_streams(linked)
    assert "Seite 1 von 1" in pdf_text(cached[0])


def test_a_changed_stylesheet_is_parsed_again(tmp_path, monkeypatch):
    (tmp_path / "letter.css").write_text("@page { @bottom-right { content: 'eins' } }", encoding="utf-8")
    class Fetcher(SafeURLFetcher):
        def __init__(self, root=tmp_path):
            super().__init__(root)

    monkeypatch.setattr(letters, "LETTER_STATIC_DIR", tmp_path)
    monkeypatch.setattr(letters, "SafeURLFetcher", Fetcher)
    monkeypatch.setattr(letters, "_per_thread", threading.local())
    html = '<html lang="de"><head><link rel="stylesheet" href="letter.css"></head><body><p>Text</p></body></html>'
    assert "eins" in pdf_text(html_to_pdf(html))
    (tmp_path / "letter.css").write_text("@page { @bottom-right { content: 'zwei' } }", encoding="utf-8")
    os.utime(tmp_path / "letter.css", ns=(1, 1))
    assert "zwei" in pdf_text(html_to_pdf(html))
    # A linked sheet that does not exist is reported and skipped by WeasyPrint, as before.
    assert "Text" in pdf_text(html_to_pdf(html.replace("letter.css", "missing.css")))


@pytest.mark.parametrize("sheet", sorted(LETTER_STATIC_DIR.glob("*.css")), ids=lambda path: path.name)
def test_our_stylesheets_keep_to_what_parsing_them_once_assumes(sheet):
    # Passed in as the user's sheets (funding.letters._split_stylesheets): no !important, which would
    # rank differently there; no @counter-style or @font-face (parsed into one render's counters/fonts);
    # no footnotes and list markers only on list items (funding.letters.LETTER_UA).
    css = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
    for forbidden in ("!important", "@counter-style", "@font-face", "footnote", "list-item", "::marker"):
        assert forbidden not in css, f"{sheet.name}: {forbidden}"


def test_the_letters_user_agent_sheet_drops_only_footnote_and_note_rules():
    from weasyprint.html import UA

    removed = [line for line in UA.splitlines() if line not in letters.LETTER_UA.splitlines()]
    assert sorted(line.split(" ", 1)[0] for line in removed) == [
        "::footnote-call", "::footnote-marker", "::marker", "::note-call", "::note-callback", "::note-marker"]
    assert "\nli::marker {" in letters.LETTER_UA



def test_the_letters_user_agent_sheet_gives_the_same_pdf(monkeypatch):
    html = letters.render_letter_html("base", base_context(annexes=[Annex(title="ANBest-P", number=1)]))
    trimmed = html_to_pdf(html)
    monkeypatch.setattr(letters, "_LetterHTML", letters.weasyprint.HTML)
    assert page_streams(trimmed) == page_streams(html_to_pdf(html))
    # List markers are still there (and tagged as /Lbl).
    assert "1. " in pdf_text(trimmed) or "• " in pdf_text(trimmed)
    assert b"/Lbl" in pdf_plain_bytes(trimmed)


def test_the_file_identifier_comes_from_the_html_and_the_file():
    html = letters.render_letter_html("base", base_context())
    data = html_to_pdf(html)
    reader = PdfReader(io.BytesIO(data), strict=True)
    first, second = (str(part) for part in reader.trailer["/ID"])
    assert first == hashlib.sha256(html.encode()).hexdigest()[:32]
    assert second == hashlib.md5(data.replace(b"/ID [(" + first.encode() + b") (" + second.encode() + b")]", b""),
                                 usedforsecurity=False).hexdigest()
    assert len(reader.pages) == 1 and "Seite 1 von 1" in pdf_text(data)


def test_the_file_identifier_falls_back_to_pydyf_for_a_file_it_does_not_know():
    assert letters._with_identifier(b"%PDF-1.7\ntrailer\n<< /Size 1 >>\n%%EOF\n", b"0" * 32) is None


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_as_before_after_a_letter(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        html_to_pdf('<html lang="de"><body><p>Text</p></body></html>')
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), letters._collector_paused():
            with letters._collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the outer render still runs
            raise RuntimeError
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize(("number", "bold", "classes"), [
    ("4.2", False, "number"), ("10.12", False, "number"), ("12", True, "number"),
    ("10.10.1", False, "number number-wide"), ("1.2.3.4", False, "number number-wide"),
])
def test_anbest_numbers_get_a_fixed_box_when_they_fit(number, bold, classes):
    from funding.templatetags.letters import number_box

    assert number_box(number, bold) == classes


def test_anbest_numbers_that_fit_end_in_a_tab_and_longer_ones_keep_their_box():
    from funding.templatetags.letters import number_label

    assert number_label("4.2") == "4.2\t"
    assert number_label("12", True) == "12\t"
    assert number_label("10.10.1") == '<span class="number number-wide">10.10.1</span>'
    assert number_label("<b>") == "&lt;b&gt;\t"


def text_positions(pdf: bytes) -> list[tuple[str, float]]:
    """(text, x in pt) of every text run on the first page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), tm[4] * cm[0] + cm[4]))

    read_pdf(pdf).pages[0].extract_text(visitor_text=visit)
    return found


def word_positions(pdf: bytes) -> dict[str, float]:
    """x in pt of every word on the pages (poppler's pdftotext, which splits a text run into its words)."""
    import subprocess

    found = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return {unescape(word): float(x) for x, word in re.findall(rb'<word xMin="([0-9.]+)"[^>]*>([^<]*)</word>', found)
            for word in [word.decode()]}


def test_the_tab_after_an_anbest_number_puts_the_text_where_the_box_of_9_mm_did():
    from funding.templatetags.letters import number_label

    head = '<html lang="de"><head><link rel="stylesheet" href="letter.css"></head><body><div class="provisions">'
    boxed = '<span class="number" style="display: inline-block; width: 9mm">4.2</span>'
    source = (f'{head}<p class="provision">{number_label("4.2")} Tab</p><p class="provision">{boxed} Box</p>'
              f'<p class="provision">{number_label("10.10.1")} Wide</p></div></body></html>')
    x = word_positions(html_to_pdf(source))
    # pt: the tab stop is a whole CSS pixel, and Pango puts the text after a tab within its run 0.29 pt
    # further right than the end of a run with the tab (0.1 mm; the 9 mm box: between the two)
    assert abs(x["Tab"] - x["Box"]) < 0.35
    assert x["Wide"] > x["Box"] + 5  # a longer number pushes its text further


def test_anbest_paragraphs_come_with_their_white_space_collapsed():
    from funding.templatetags.letters import collapsed

    assert collapsed(" Zwei  Leerzeichen\tund\nUmbruch ") == "Zwei Leerzeichen und Umbruch"
    assert collapsed("Zwei\xa0Wörter") == "Zwei\xa0Wörter"


def test_a_short_name_never_breaks():
    from funding.templatetags.letters import unbreakable

    assert unbreakable("ANBest-P") == "ANBest\u2011P"
    assert unbreakable("ANBest <P>") == '<span class="nowrap">ANBest &lt;P&gt;</span>'


def test_lines_keep_their_breaks_without_br_elements_and_a_break_inside_a_line_adds_none():
    from funding.templatetags.letters import lines

    assert lines(["Verein  Brücke\ne. V.", " Lindenweg\xa012 ", "12345 Musterstadt"]) == (
        "Verein Brücke e. V.\nLindenweg\xa012\n12345 Musterstadt")
    field = address_field_of(["Verein\nBrücke e. V.", "Lindenweg 12", "12345 Musterstadt"])
    html = letters.render_letter_html("base", base_context(address_field=field))
    assert '<p class="addressee addressee-10pt">Verein Brücke e. V.\nLindenweg 12\n12345 Musterstadt</p>' in html
    assert "<br>" not in html.split("<main", 1)[0]  # letterhead, footer and address field: one line per line
    text = pdf_text(html_to_pdf(html))
    assert "Verein Brücke e. V. Lindenweg 12 12345 Musterstadt" in text


def test_a_date_never_breaks_even_without_a_nowrap_span():
    # Line breaking (UAX #14) never breaks between digits and the full stops between them, so the
    # Zuwendungsbescheid writes its dates without a span of their own.
    html = ('<html lang="de"><head><link rel="stylesheet" href="letter.css"></head><body>'
            '<div style="width: 1mm"><p>vom 01.03.2024 bis 31.12.2024</p></div></body></html>')
    text = pdf_text(html_to_pdf(html))
    assert "01.03.2024" in text and "31.12.2024" in text
