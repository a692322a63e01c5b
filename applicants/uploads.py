"""Checks and storage names for uploaded documents.

The type of a file is decided by its content, never by its name or by what
the browser claims: PDF, JPEG and PNG only. Files are stored under a
generated name; the original name is kept for display and download only.
"""

import os
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# magic bytes -> (content type, extension)
SIGNATURES = (
    (b"%PDF-", ("application/pdf", ".pdf")),
    (b"\xff\xd8\xff", ("image/jpeg", ".jpg")),
    (b"\x89PNG\r\n\x1a\n", ("image/png", ".png")),
)
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


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
    return kind[0]


def display_name(upload):
    """The original file name, reduced to something safe to show."""
    base = os.path.basename((upload.name or "").replace("\\", "/"))[-200:]
    try:
        return get_valid_filename(base)
    except SuspiciousFileOperation:
        return "datei"


def storage_name(content_type):
    """A generated name: nothing of the original name reaches the disk."""
    extension = next(ext for _magic, (ctype, ext) in SIGNATURES if ctype == content_type)
    return f"{uuid.uuid4().hex}{extension}"
