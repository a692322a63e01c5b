"""Numbers and money, written and read the way the reader expects.

The one formatter of the application: amounts, counts, percentages and
plain numbers follow the active language (``NOTATIONS``, after the CLDR
conventions Babel and Django's locale data use, with Western digits
everywhere). German and Turkish write "1.234,56 €", Ukrainian
"1 234,56 €" (a narrow no-break space groups), Arabic "1,234.56 €" and
English "€1,234.56"; see docs/languages.md. Letters (Bescheide) are
rendered with German active (``funding.letters.render_letter``), so they
read "1.234,56 €" whatever the interface language was. ``format_eur`` is
always German.

All functions work on ``Decimal`` (or ``int``) only. Floats are refused on
purpose: a binary float cannot represent most cent amounts exactly, and an
amount in a legally binding decision (Bescheid) must never be off by a cent.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone, translation
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
# English input mirrors the German rules with the separators swapped:
#   grouped with commas: "1,234", "1,234,567.89"
#   plain with decimal point: "1234", "1234.5", "1234.56"
#   plain with decimal comma: "1234,56" (one or two decimals only)
_ENGLISH_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?")
_ENGLISH_PLAIN_POINT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
_ENGLISH_PLAIN_COMMA = re.compile(r"[0-9]+,[0-9]{1,2}")

# Ukrainian input: groups of three split by a space of any kind, as the
# formatter prints them ("1 234,56", "1\u202f234,56"); plain forms as German.
_SPACE_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:[ \u00a0\u202f][0-9]{3})+(?:,[0-9]{1,2})?")

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


class Notation:
    """How one language writes numbers: grouping, decimal mark, where the euro sign goes."""

    def __init__(self, group, decimal, *, euro_first=False, percent="\u00a0%", parse="german"):
        self.group, self.decimal, self.euro_first = group, decimal, euro_first
        self.percent, self.parse = percent, parse


GERMAN = Notation(".", ",")
NOTATIONS = {
    "de": GERMAN,
    "tr": GERMAN,
    "en": Notation(",", ".", euro_first=True, percent="%", parse="english"),
    "uk": Notation("\u202f", ",", parse="spaced"),
    "ar": Notation(",", ".", parse="english"),
}


def notation(language=None):
    """The ``Notation`` of ``language`` (the active one); German for any other."""
    language = language or translation.get_language() or "de"
    return NOTATIONS.get(language.split("-")[0], GERMAN)


def uses_english_notation(language=None):
    """True when ``language`` (the active one) groups with commas and has a decimal point."""
    return notation(language).decimal == "."


def format_number(value, places=None, *, language=None):
    """A number with grouping: "1.234,5" in German, "1,234.5" in English.

    ``places`` rounds to that many decimals; without it the value keeps its
    own (``Decimal("2.50")`` shows "2,50", ``Decimal("2.5")`` "2,5").
    """
    if places is not None:
        value = _require_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    grouped = f"{_require_decimal(value):,f}"
    marks = notation(language)
    return grouped.replace(",", "#").replace(".", marks.decimal).replace("#", marks.group)


def format_plain(value, *, language=None):
    """A Decimal without trailing zeros, e.g. a weight or rate: "1,5", "80"."""
    return format_number(_require_decimal(value).normalize(), language=language)


def format_count(value, *, language=None):
    """A whole number of things: 12345 -> "12.345" ("12,345" in English)."""
    return format_number(int(value), language=language)


def format_percent(value, *, language=None):
    """Decimal("80.00") -> "80 %", Decimal("6.27") -> "6,27 %" (English "80%")."""
    return format_plain(value, language=language) + _percent_sign(language)


def format_ratio(value, *, language=None):
    """A signed share as percent with one decimal: Decimal("0.25") -> "+25,0 %"."""
    percent = _require_decimal(value) * 100
    text = format_number(percent, 1, language=language)
    return ("+" if percent.quantize(Decimal("0.1")) > 0 else "") + text + _percent_sign(language)


def _percent_sign(language):
    return notation(language).percent


def format_amount(value, *, language=None):
    """An amount as typed into a form, without the euro sign: "1.234,56"."""
    return format_number(_to_cents(value), language=language)


def format_money(value, *, language=None):
    """An amount for the reader: "1.234,56 €" in German, "€1,234.56" in English."""
    amount = _to_cents(value)
    sign = "-" if amount < 0 else ""
    figure = format_number(abs(amount), language=language)
    if notation(language).euro_first:
        return f"{sign}€{figure}"
    return f"{sign}{figure}\u00a0€"


def format_sum(value, *, language=None):
    """A computed figure (a report's sum or mean) rounded to the cent, then as ``format_money``."""
    return format_money(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP), language=language)


def format_eur(value: Decimal) -> str:
    """German display format: "1.234,56 €" (no-break space before €), whatever the language."""
    amount = _to_cents(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}{format_number(abs(amount), language='de')}\u00a0€"


def parse_amount(text: str, *, language=None) -> Decimal:
    """What a person typed, read in the notation of ``language`` (the active one)."""
    kind = notation(language).parse
    if kind == "english":
        return parse_english_amount(text)
    if kind == "spaced":
        return parse_spaced_amount(text)
    return parse_german_amount(text)


def parse_german_amount(text: str) -> Decimal:
    """Parse a user-entered, non-negative euro amount into a 2-place Decimal.

    Raises ValueError for anything malformed, ambiguous ("1,234.56"),
    negative, with more than two decimals, or above MAX_AMOUNT.
    """
    core = _core(text)
    if _GERMAN_GROUPED.fullmatch(core) or _PLAIN_COMMA.fullmatch(core):
        return _checked(core.replace(".", "").replace(",", "."), text)
    if _PLAIN_POINT.fullmatch(core):
        return _checked(core, text)
    raise ValueError(f"not a valid amount: {text!r}")


def parse_english_amount(text: str) -> Decimal:
    """The English counterpart: "1,234.56", "1234.56", "1234,56"; "1.234,56" is refused."""
    core = _core(text)
    if _ENGLISH_GROUPED.fullmatch(core) or _ENGLISH_PLAIN_POINT.fullmatch(core):
        return _checked(core.replace(",", ""), text)
    if _ENGLISH_PLAIN_COMMA.fullmatch(core):
        return _checked(core.replace(",", "."), text)
    raise ValueError(f"not a valid amount: {text!r}")


def parse_spaced_amount(text: str) -> Decimal:
    """The Ukrainian counterpart: "1 234,56" (any space groups), and the German plain forms."""
    core = _core(text)
    if _SPACE_GROUPED.fullmatch(core):
        return _checked(re.sub(r"[ \u00a0\u202f]", "", core).replace(",", "."), text)
    if _PLAIN_COMMA.fullmatch(core) or _PLAIN_POINT.fullmatch(core):
        return _checked(core.replace(",", "."), text)
    raise ValueError(f"not a valid amount: {text!r}")


def _core(text):
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if len(text) > _MAX_INPUT_LENGTH:
        raise ValueError("amount input too long")
    return text.strip(_SPACES).removesuffix("€").removeprefix("€").strip(_SPACES)


def _checked(normalized, text):
    try:
        amount = Decimal(normalized).quantize(CENT)
    except InvalidOperation as exc:  # unreachable given the regexes; be safe
        raise ValueError(f"not a valid amount: {text!r}") from exc
    if amount > MAX_AMOUNT:
        raise ValueError(f"amount exceeds {MAX_AMOUNT}: {text!r}")
    return amount


class PageFormatter:
    """The report formatters for one page, with the notation of the active language read once.

    The same text as ``format_count``, ``format_sum`` and ``format_number``
    (``tests/funding/test_amounts.py`` compares them in every language);
    a report table formats a thousand figures, and looking up the active
    language for each was a good part of the dashboard's time.
    """

    def __init__(self, language=None):
        marks = notation(language)
        self._marks = str.maketrans({",": marks.group, ".": marks.decimal})
        self._euro_first = marks.euro_first
        self._zone = None

    def day(self, value):
        """As the template's ``date:"d.m.Y"``: a datetime's local day (the time zone looked up once); "" for None."""
        if value is None:
            return ""
        if hasattr(value, "tzinfo"):
            if self._zone is None:
                self._zone = timezone.get_current_timezone()
            value = value.astimezone(self._zone)
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"

    def count(self, value):
        """As ``format_count``."""
        return f"{int(value):,}".translate(self._marks)

    def number(self, value):
        """As ``format_number`` without ``places``."""
        return f"{_require_decimal(value):,f}".translate(self._marks)

    def sum(self, value):
        """As ``format_sum``: rounded to the cent, then as ``format_money``."""
        return self._euro(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))

    def _euro(self, amount):
        sign = "-" if amount < 0 else ""
        figure = f"{abs(amount):,f}".translate(self._marks)
        return f"{sign}€{figure}" if self._euro_first else f"{sign}{figure}\u00a0€"

    def money(self, value):
        """As ``format_money`` (an amount of at most two decimals); empty for None (as the ``euro`` filter)."""
        if value is None or value == "":
            return ""
        return self._euro(_to_cents(value))

    def report_value(self, value, kind):
        """As the ``report_value`` template filter: "–" for None, else by kind (money, count, else days or percent)."""
        if value is None:
            return "–"
        if kind == "money":
            return self.sum(value)
        if kind == "count":
            return self.count(value)
        return self.number(Decimal(value))
