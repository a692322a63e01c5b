"""PDF rendering of letters (Bescheide) with WeasyPrint.

This is the only module that imports WeasyPrint. Letter context contains
applicant-controlled text, so rendering is locked down in two layers:

1. Django autoescaping turns any markup in context values into plain text.
2. ``SafeURLFetcher`` refuses every resource that is not a ``data:`` URL or a
   file in our own ``static/letters`` directory, so even markup that slips
   into a template can neither read local files (``file:///etc/passwd``)
   nor reach the network (SSRF). Embedded file attachments are dropped too.
"""

import gc
import hashlib
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib import request
from urllib.parse import urlsplit

import weasyprint
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import get_template
from django.utils import translation
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA as WEASYPRINT_UA
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

LETTER_STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "letters"

# Only resource types a letter legitimately needs (style, images, fonts).
# Serving e.g. .py or .txt from the directory would be pointless at best.
ALLOWED_SUFFIXES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
MAX_RESOURCE_BYTES = 5 * 1024 * 1024
# Every PDF is tagged for accessibility (BITV NRW): structure tree in reading
# order, document language from <html lang>, title from <title>.
PDF_VARIANT = "pdf/ua-1"
_LETTER_NAME = re.compile(r"[a-z][a-z0-9_]*")


class BlockedResourceError(ValueError):
    """A resource was refused; WeasyPrint logs it and skips the resource."""


class SafeURLFetcher(URLFetcher):
    """URL fetcher that serves only ``data:`` URLs and files below ``root``.

    Everything else (http, https, ftp, file outside root, symlinks leading
    out of root, ...) raises ``BlockedResourceError``. Since no urllib opener
    is ever used, no network connection and no redirect can happen.
    """

    def __init__(self, root: Path = LETTER_STATIC_DIR):
        # Defence in depth should urllib's opener ever be reached anyway:
        # no redirects, only our two schemes, short timeout.
        super().__init__(
            timeout=1, allowed_protocols=("data", "file"),
            allow_redirects=False, fail_on_errors=False)
        self.root = Path(root).resolve()

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower() if isinstance(url, str) else ""
        if scheme == "data":
            return self._fetch_data(url)
        if scheme == "file":
            return self._fetch_file(url)
        raise BlockedResourceError(f"blocked resource URL: {str(url)[:200]}")

    def open(self, url, data=None, timeout=None):
        # OpenerDirector.open would dispatch to urllib handlers; never do that.
        full_url = url.full_url if isinstance(url, request.Request) else url
        return self.fetch(full_url)

    def _fetch_data(self, url):
        # urllib's DataHandler only decodes the URL; it does no I/O.
        with request.DataHandler().data_open(request.Request(url)) as raw:
            body = raw.read(MAX_RESOURCE_BYTES + 1)
            content_type = raw.headers.get("Content-Type", "text/plain")
        if len(body) > MAX_RESOURCE_BYTES:
            raise BlockedResourceError("data: URL too large")
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def _fetch_file(self, url):
        path = self.resolve_file_url(url)
        # O_NOFOLLOW: the resolved path must not have been swapped for a
        # symlink between resolving and opening.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            body = handle.read(MAX_RESOURCE_BYTES + 1)
        if len(body) > MAX_RESOURCE_BYTES:
            raise BlockedResourceError(f"resource too large: {path.name}")
        headers = {"Content-Type": ALLOWED_SUFFIXES[path.suffix.lower()]}
        # Return the resolved URL so relative URLs inside CSS resolve
        # against the real, already validated location.
        return URLFetcherResponse(path2url(str(path)), body, headers)

    def resolve_file_url(self, url: str) -> Path:
        """Map a file: URL to a real path inside root, or raise."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise BlockedResourceError("remote file URLs are not allowed")
        raw_path = Path(request.url2pathname(parts.path))
        try:
            # strict: the file must exist; resolve() also follows symlinks,
            # so a link pointing outside root is caught by the check below.
            path = raw_path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError) as exc:
            raise BlockedResourceError(f"unresolvable file URL: {exc}") from exc
        if not path.is_relative_to(self.root) or not path.is_file():
            raise BlockedResourceError(f"file outside letter assets: {path}")
        if path.suffix.lower() not in ALLOWED_SUFFIXES:
            raise BlockedResourceError(f"file type not allowed: {path.name}")
        return path


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of data, e.g. to store alongside an archived PDF."""
    return hashlib.sha256(data).hexdigest()


def _base_url() -> str:
    # Relative URLs in letter templates (href="letter.css") resolve into the
    # letter asset directory, the only place the fetcher serves files from.
    return path2url(str(LETTER_STATIC_DIR)) + "/"


def _drop_attachments(document) -> None:
    # <link rel=attachment> ends up in metadata, <a rel=attachment> in page
    # links; WeasyPrint 70 has no switch to ignore them, so remove both.
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]


_per_thread = threading.local()


def _font_config():
    """One font configuration per thread (fontconfig and Pango are not shared across threads), loaded once."""
    config = getattr(_per_thread, "font_config", None)
    if config is None:
        config = _per_thread.font_config = FontConfiguration()
    return config


def _image_cache():
    """Images (the fold marks, logos) decoded once per thread, keyed by URL."""
    cache = getattr(_per_thread, "images", None)
    if cache is None:
        cache = _per_thread.images = {}
    return cache


# The style sheets of our templates, linked exactly like this (one per line of <head>).
_OWN_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([a-z][a-z0-9_-]*\.css)">')
_OTHER_STYLE = re.compile(r"<style|stylesheet", re.IGNORECASE)


def _stylesheet(name):
    """static/letters/<name> parsed once per thread (and again when the file changes), through the fetcher."""
    url = _base_url() + name
    stamp = SafeURLFetcher().resolve_file_url(url).stat().st_mtime_ns
    sheets = getattr(_per_thread, "stylesheets", None)
    if sheets is None:
        sheets = _per_thread.stylesheets = {}
    cached = sheets.get(url)
    if cached is None or cached[0] != stamp:
        # Parsed with this thread's font configuration, as WeasyPrint would parse a <link>ed sheet.
        cached = sheets[url] = stamp, weasyprint.CSS(
            url=url, url_fetcher=SafeURLFetcher(), media_type="print", font_config=_font_config())
    return cached[1]


def _split_stylesheets(html: str):
    """(HTML without its links to our style sheets, the sheets parsed once), or (html, []) when it has others.

    WeasyPrint parses every <link>ed sheet again for every PDF. Ours are
    passed in already parsed instead; they then count as the user's sheets,
    which changes nothing as long as they are the only ones besides
    WeasyPrint's own (no <style>, no other link: then everything stays as
    it was) and use no ``!important`` (tests/funding/test_letters.py checks
    both, and that the PDF is the same byte for byte).
    """
    names = _OWN_STYLESHEET.findall(html)
    if not names:
        return html, []
    rest = _OWN_STYLESHEET.sub("", html)
    if _OTHER_STYLE.search(rest):
        return html, []
    try:
        return rest, [_stylesheet(name) for name in names]
    except BlockedResourceError:  # a missing file: WeasyPrint reports it and goes on without it
        return html, []


# WeasyPrint's user-agent style sheet without the rules that give every
# element the pseudo-elements of footnotes and notes (which no letter uses:
# tests/funding/test_letters.py checks our sheets), and list markers only for
# list items: six styles fewer to compute per element, the same PDF.
LETTER_UA = re.sub(r"^::(?:footnote|note)-[a-z]+ \{.*\}$", "", WEASYPRINT_UA, flags=re.MULTILINE).replace(
    "\n::marker {", "\nli::marker {")
_LETTER_UA_STYLESHEET = weasyprint.CSS(string=LETTER_UA, counter_style=CounterStyle())


class _LetterHTML(weasyprint.HTML):
    def _ua_stylesheets(self, forms=False):
        return super()._ua_stylesheets(forms) if forms else [_LETTER_UA_STYLESHEET]


_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_resume = False


@contextmanager
def _collector_paused():
    """Python's cycle collector off while WeasyPrint works (also across threads: resumed by the last one).

    A letter allocates hundreds of thousands of objects that live until it
    is written; they made the collector run about 50 times per letter, and
    every third letter a full collection over the whole process (100 ms
    in a Django process). Afterwards the next collection finds the letter's
    garbage among the young objects only.
    """
    global _collector_pauses, _collector_resume
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_resume = gc.isenabled()
            gc.disable()
        _collector_pauses += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0 and _collector_resume:
                gc.enable()


def _with_identifier(pdf: bytes, identifier: bytes):
    """``pdf`` with the file identifier ``[identifier, MD5 of the file]`` in its cross-reference stream, or None.

    pydyf would compute its part of the identifier by serialising (and
    compressing) every object a second time; this is the same entry,
    inserted into the trailer dictionary, which comes last in the file:
    no offset moves.
    """
    xref = pdf.rfind(b"/Type /XRef")
    end = pdf.find(b">>\nstream\n", xref)
    at = pdf.find(b"/Filter /FlateDecode", xref, end)
    if min(xref, end, at) < 0 or pdf.find(b"/ID", xref, end) >= 0:
        return None
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest().encode("ascii")
    return pdf[:at] + b"/ID [(" + identifier + b") (" + digest + b")]" + pdf[at:]


def html_to_pdf(html: str) -> bytes:
    """Render trusted HTML (already escaped) to a tagged PDF (PDF/UA-1), locked down."""
    # A content-derived file identifier keeps identical input byte-identical
    # (no random /ID); the creation date comes from <meta dcterms.created>.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    source, stylesheets = _split_stylesheets(html)
    with _collector_paused():
        document = _LetterHTML(
            string=source, base_url=_base_url(), url_fetcher=SafeURLFetcher(),
        ).render(
            font_config=_font_config(),
            cache=_image_cache(),
            stylesheets=stylesheets,
            # Layout comes from the style sheets only, not from HTML attributes.
            presentational_hints=False,
            pdf_variant=PDF_VARIANT,
        )
        _drop_attachments(document)
        pdf = _with_identifier(document.write_pdf(attachments=None, pdf_variant=PDF_VARIANT), identifier)
        if pdf is None:  # not the file layout _with_identifier knows: let pydyf add the identifier
            pdf = document.write_pdf(pdf_identifier=identifier, attachments=None, pdf_variant=PDF_VARIANT)
    return pdf


def render_html(template_name: str, context: dict) -> str:
    """Render a Django template (autoescaped): the HTML a PDF is made of.

    Cheap next to the layout; the same HTML always gives the same PDF, so
    callers may compare HTML to know whether a PDF is still current.
    """
    template = get_template(template_name)
    engine = getattr(getattr(template, "template", None), "engine", None)
    if engine is None or not engine.autoescape:
        # Letters embed applicant text; without escaping it would be markup.
        raise ImproperlyConfigured(
            "Letter templates must use the Django engine with autoescape on.")
    return template.render(context)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template (autoescaped) and convert it to PDF."""
    return html_to_pdf(render_html(template_name, context))


def letter_template(name: str) -> str:
    if not _LETTER_NAME.fullmatch(name):
        raise ValueError(f"invalid letter name: {name!r}")
    return f"letters/{name}.html"


def render_letter_html(name: str, context: dict) -> str:
    """The HTML of templates/letters/<name>.html, in German.

    Letters are German whatever language the interface was in: amounts read
    "1.234,56 €" in every Bescheid.
    """
    with translation.override("de"):
        return render_html(letter_template(name), context)


def render_letter(name: str, context: dict) -> bytes:
    """Render templates/letters/<name>.html to PDF bytes, in German."""
    return html_to_pdf(render_letter_html(name, context))
