"""Money helpers for grant amounts: parsing, display and amounts in words.

All functions work on ``Decimal`` only. Floats are refused on purpose: a
binary float cannot represent most cent amounts exactly, and an amount in a
legally binding decision (Bescheid) must never be off by a cent.
"""

import re
from decimal import Decimal, InvalidOperation

from num2words import num2words

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999.99")

# Hard cap on raw input length, checked before any regex work, so that
# pasted garbage is rejected cheaply.
_MAX_INPUT_LENGTH = 40

# Accepted spellings (ASCII digits only; "\d" would also match e.g.
# Arabic-Indic digits, which Decimal happily accepts):
#   German with thousands dots: "1.234", "1.234.567,89" (no leading zero)
#   plain with decimal comma:   "1234", "1234,5", "1234,56"
#   plain with decimal point:   "1234.56", "12.5" (one or two decimals only,
#                               otherwise "1.234" would be ambiguous)
_GERMAN_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?")
_PLAIN_COMMA = re.compile(r"[0-9]+(?:,[0-9]{1,2})?")
_PLAIN_POINT = re.compile(r"[0-9]+\.[0-9]{1,2}")

# Whitespace people paste around amounts, incl. no-break and narrow
# no-break spaces from word processors.
_SPACES = " \t\u00a0\u202f"


def _require_decimal(value):
    # bool is an int subclass; True must not silently become 1,00 EUR.
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"expected Decimal or int, got {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError("amount must be finite")
    return value


def _to_cents(value):
    """Quantize to cents, refusing to silently drop sub-cent digits."""
    value = _require_decimal(value)
    quantized = value.quantize(CENT)
    if quantized != value:
        raise ValueError(f"amount has more than two decimal places: {value}")
    return quantized


def _number_in_words(number: int) -> str:
    # A bare 1 directly before a unit is "ein" ("ein Euro"), while compounds
    # keep the standalone form ("einhunderteins Euro" is standard German).
    words = num2words(number, lang="de")
    return "ein" if words == "eins" else words


def amount_in_words(value: Decimal) -> str:
    """German amount in words, e.g. "viertausend Euro und fünfzig Cent"."""
    cents_total = _to_cents(value)
    if cents_total < 0:
        raise ValueError("amount must not be negative")
    euros = int(cents_total)
    cents = int((cents_total - euros) * 100)
    text = f"{_number_in_words(euros)} Euro"
    if cents:
        text += f" und {_number_in_words(cents)} Cent"
    return text


def format_eur(value: Decimal) -> str:
    """German display format: "1.234,56 €" (no-break space before €)."""
    amount = _to_cents(value)
    sign = "-" if amount < 0 else ""
    # "{:,}" groups with commas; swap separators via a placeholder.
    grouped = f"{abs(amount):,.2f}"
    german = grouped.replace(",", "#").replace(".", ",").replace("#", ".")
    return f"{sign}{german}\u00a0€"


def parse_german_amount(text: str) -> Decimal:
    """Parse a user-entered, non-negative euro amount into a 2-place Decimal.

    Raises ValueError for anything malformed, ambiguous ("1,234.56"),
    negative, with more than two decimals, or above MAX_AMOUNT.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if len(text) > _MAX_INPUT_LENGTH:
        raise ValueError("amount input too long")
    core = text.strip(_SPACES).removesuffix("€").removeprefix("€").strip(_SPACES)
    if _GERMAN_GROUPED.fullmatch(core) or _PLAIN_COMMA.fullmatch(core):
        normalized = core.replace(".", "").replace(",", ".")
    elif _PLAIN_POINT.fullmatch(core):
        normalized = core
    else:
        raise ValueError(f"not a valid amount: {text!r}")
    try:
        amount = Decimal(normalized).quantize(CENT)
    except InvalidOperation as exc:  # unreachable given the regexes; be safe
        raise ValueError(f"not a valid amount: {text!r}") from exc
    if amount > MAX_AMOUNT:
        raise ValueError(f"amount exceeds {MAX_AMOUNT}: {text!r}")
    return amount
