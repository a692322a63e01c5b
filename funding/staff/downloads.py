"""File responses for staff: stored letters and uploaded documents."""

import base64
import hashlib

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from funding.services.letters import letter_bytes


def letter_response(letter):
    """The stored letter, byte for byte, with its SHA-256 as Content-Digest (RFC 9530)."""
    data = letter_bytes(letter)
    filename = f"{letter.get_kind_display()} {letter.application.file_reference}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Content-Digest"] = f"sha-256=:{base64.b64encode(hashlib.sha256(data).digest()).decode()}:"
    return response


def upload_response(field_file, original_name, content_type):
    """An uploaded file as a download; never rendered inline in the browser."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=original_name)
    response["Content-Type"] = content_type or "application/octet-stream"
    return response

