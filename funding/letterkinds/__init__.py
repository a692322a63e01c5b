"""Letter kinds: what each letter says, from which data, with which configured texts.

``KINDS`` maps each ``Letter.Kind`` value to its ``LetterKind``; importing
this package registers every kind and declares every text block. How to add
a kind: docs/letters.md.
"""

from funding.letterkinds.base import (
    KINDS,
    Annex,
    LetterKind,
    Signature,
    build_context,
    context_for,
    kind,
    register,
    signature_of,
    validate_text,
)
from funding.letterkinds import application, decisions, interest_claims, money, notices  # noqa: E402,F401 - registers the kinds

__all__ = [
    "KINDS", "Annex", "LetterKind", "Signature", "build_context", "context_for", "kind", "register", "signature_of",
    "validate_text",
]
