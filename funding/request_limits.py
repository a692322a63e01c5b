"""Over-size requests are refused before their body is read.

``RequestSizeLimitMiddleware`` answers 413 with a German page as soon as
the Content-Length is above ``MAX_ATTACHMENT_BYTES`` plus
``MAX_REQUEST_OVERHEAD_BYTES`` (the other form fields), without reading a
byte of the body. For a multipart body within that size it parses the form
at once, so ``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) can
stop reading as soon as one file grows past ``MAX_ATTACHMENT_BYTES``.
nginx's ``client_max_body_size`` is the first line (docs/deployment.md).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

TOO_LARGE = 413


class UploadTooLarge(RequestDataTooBig):
    """A file of the request is larger than allowed (answered with 413, not 400)."""


def max_request_bytes():
    return settings.MAX_ATTACHMENT_BYTES + settings.MAX_REQUEST_OVERHEAD_BYTES


class LimitedUploadHandler(FileUploadHandler):
    """Counts each uploaded file's bytes and stops the upload once it passes the limit."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_ATTACHMENT_BYTES:
            raise UploadTooLarge(f"upload larger than {settings.MAX_ATTACHMENT_BYTES} bytes")
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the file


def too_large(request):
    context = {"max_size": filesizeformat(settings.MAX_ATTACHMENT_BYTES)}
    return render(request, "413.html", context, status=TOO_LARGE)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PUT", "PATCH"):
            if _content_length(request) > max_request_bytes():
                return too_large(request)
            if request.content_type == "multipart/form-data":
                try:
                    request.POST  # noqa: B018 - parse now, through LimitedUploadHandler
                except UploadTooLarge:
                    return too_large(request)
        return self.get_response(request)


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
