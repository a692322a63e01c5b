"""File responses of both portals: stored letters, uploaded documents, job results.

Always as a download (``Content-Disposition: attachment``), never rendered
inline; a file missing from the store answers 404. The caller has checked
that the user may see the object.
"""

import base64
import hashlib

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from funding.services.letters import letter_bytes


def file_download(field_file, filename, content_type):
    """A stored file as a download; 404 when it is not (or no longer) in the store."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type or "application/octet-stream")


def upload_download(upload):
    """An uploaded attachment or document, under a name whose extension matches its content."""
    return file_download(upload.file, upload.download_name(), upload.content_type)


def letter_response(letter):
    """The stored letter, byte for byte, with its SHA-256 as Content-Digest (RFC 9530)."""
    try:
        data = letter_bytes(letter)
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=letter.download_name())
    response["Content-Digest"] = f"sha-256=:{base64.b64encode(hashlib.sha256(data).digest()).decode()}:"
    return response
