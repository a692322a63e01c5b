"""Storing uploaded documents of meetings and consultations."""

from applicants.uploads import check_upload, display_name, storage_name


def document_store(*, document, user, upload):
    """Checks the upload by its content and saves it under a generated name with ``document``."""
    content_type = check_upload(upload)
    document.original_name = display_name(upload, content_type)
    document.content_type = content_type
    document.size = upload.size
    document.uploaded_by = user
    document.file.save(storage_name(content_type), upload, save=True)
    return document
