"""Checks and storage names for uploaded documents.

The type of a file is decided by its content, never by its name or by what
the browser claims: PDF, JPEG and PNG only. A PDF must be one pypdf can
read and must not carry active content (JavaScript, an action run on
opening, a launch action). Files are stored under a generated name; the
original name is kept for display, with the extension of the detected type,
so "Angebot.hta" that is a PDF is stored and served as "Angebot.pdf".
"""

import logging
import os
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from funding.models.uploads import FILE_EXTENSIONS, typed_name

logger = logging.getLogger(__name__)

# magic bytes -> (content type, extension)
SIGNATURES = tuple(
    (magic, (content_type, FILE_EXTENSIONS[content_type]))
    for magic, content_type in (
        (b"%PDF-", "application/pdf"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
    )
)
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
# Keys and action types through which a PDF runs code or programs in the reader.
ACTIVE_KEYS = frozenset({"/JavaScript", "/JS", "/OpenAction"})
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch"})
# More objects than any scanned statute has; beyond this the check gives up (and refuses).
MAX_PDF_OBJECTS = 100_000


UNREADABLE_PDF = _lazy(
    "Diese Datei ist kein lesbares PDF. Bitte speichern Sie das Dokument neu als PDF und laden Sie es erneut hoch."
)


class PdfRefused(Exception):
    """The PDF cannot be accepted; ``message`` says why, in the user's language."""


def sniff_content_type(upload):
    """(content_type, extension) from the first bytes, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            return kind
    return None


def _is_intact_image(upload):
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
    return True


def _has_active_content(root):
    """True if any object reachable from ``root`` is JavaScript, an open action or a launch action."""
    seen, stack, visited = set(), [root], 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise PdfRefused(_("Dieses PDF ist zu umfangreich, um es zu prüfen. Bitte laden Sie eine kleinere Datei hoch."))
        if isinstance(obj, DictionaryObject):
            if ACTIVE_KEYS.intersection(obj.keys()) or obj.get("/S") in ACTIVE_ACTIONS:
                return True
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False


def pdf_problem(upload):
    """Why the uploaded PDF is refused, or None: unreadable, encrypted, or with active content."""
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return _("Dieses PDF ist mit einem Passwort geschützt. Bitte laden Sie es ohne Passwortschutz hoch.")
        if not len(reader.pages):
            return UNREADABLE_PDF
        if _has_active_content(reader.trailer):
            return _(
                "Dieses PDF enthält ausführbare Inhalte (JavaScript oder automatische Aktionen) und wird "
                "deshalb nicht angenommen. Bitte drucken Sie es als neues PDF aus oder scannen Sie es ein."
            )
    except PdfRefused as refused:
        return str(refused)
    except Exception:  # noqa: BLE001 - whatever pypdf cannot read is no PDF we accept
        logger.info("refused an unreadable PDF upload", exc_info=True)
        return UNREADABLE_PDF
    finally:
        upload.seek(0)
    return None


def check_upload(upload, *, already_stored=0):
    """Validates one uploaded file; returns its content type.

    ``already_stored`` is what the application holds already, so the
    per-application limit counts the new file together with the old ones.
    """
    if upload.size > settings.MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError(
            _("Die Datei ist zu groß (%(size)s). Erlaubt sind höchstens %(max)s pro Datei.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.MAX_ATTACHMENT_BYTES)}
        )
    if already_stored + upload.size > settings.MAX_APPLICATION_ATTACHMENT_BYTES:
        raise forms.ValidationError(
            _("Alle Dateien zusammen dürfen höchstens %(max)s groß sein. Bitte löschen Sie zuerst eine andere Datei.")
            % {"max": filesizeformat(settings.MAX_APPLICATION_ATTACHMENT_BYTES)}
        )
    kind = sniff_content_type(upload)
    if kind is None or (kind[0] != "application/pdf" and not _is_intact_image(upload)):
        raise forms.ValidationError(
            _("Diese Datei können wir nicht annehmen. Bitte laden Sie ein PDF, ein JPEG- oder ein PNG-Bild hoch.")
        )
    problem = pdf_problem(upload) if kind[0] == "application/pdf" else None
    if problem:
        raise forms.ValidationError(str(problem))
    return kind[0]


def display_name(upload, content_type=None):
    """The original file name, reduced to something safe to show, with the extension of ``content_type``."""
    base = os.path.basename((upload.name or "").replace("\\", "/"))[-200:]
    try:
        name = get_valid_filename(base)
    except SuspiciousFileOperation:
        name = "datei"
    return typed_name(name, content_type) if content_type else name


def storage_name(content_type):
    """A generated name: nothing of the original name reaches the disk."""
    return f"{uuid.uuid4().hex}{FILE_EXTENSIONS[content_type]}"
