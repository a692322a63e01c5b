"""What every uploaded file has, wherever it belongs (application or organisation)."""

import os

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The types we accept, as detected from the content, and the one extension each is stored and served with.
FILE_EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
FALLBACK_EXTENSION = ".bin"


def typed_name(name, content_type):
    """``name`` with the extension of ``content_type``: "Angebot.hta" (a PDF) becomes "Angebot.pdf"."""
    extension = FILE_EXTENSIONS.get(content_type, FALLBACK_EXTENSION)
    stem = os.path.splitext(name or "")[0].strip(" .") or "datei"
    if stem.lower().endswith(extension):
        stem = stem[: -len(extension)] or "datei"
    return f"{stem}{extension}"


class StoredUpload(models.Model):
    """The file, its original name, detected type and size, who uploaded it and when.

    Subclasses redefine ``file`` with their own ``upload_to``. The stored name
    is generated (``applicants.uploads.storage_name``); ``original_name`` is
    what the uploader called it, with the extension of the detected type.
    """

    file = models.FileField(_("Datei"), upload_to="uploads/%Y/")
    original_name = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def download_name(self):
        """The name the file is served under: never an extension the content does not have."""
        return typed_name(self.original_name, self.content_type)


def names_by_type(model):
    """Gives every row of ``model`` (a StoredUpload, also a historical one in a migration) its typed name."""
    for upload in model.objects.only("pk", "original_name", "content_type").iterator():
        name = typed_name(upload.original_name, upload.content_type)
        if name != upload.original_name:
            model.objects.filter(pk=upload.pk).update(original_name=name)
