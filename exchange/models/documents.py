"""What every uploaded document of the platform records besides its file."""

from funding.models.uploads import StoredUpload


class StoredDocument(StoredUpload):
    """A meeting's or consultation's document; subclasses define ``file``."""

    class Meta(StoredUpload.Meta):
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
