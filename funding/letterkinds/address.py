"""The DIN 5008 address field (form B), laid out before typesetting.

The field is a fixed box, 85 mm wide and 45 mm high, 45 mm from the top and
20 mm from the left edge of the sheet, so that it shows in the window of a
DL envelope. Its upper 17.7 mm (Zusatz- und Vermerkzone) end with the return
address (up to three lines at 7 pt); the lower 27.3 mm (Anschriftzone) hold the recipient: six lines at
10 pt, seven at 9 pt or eight at 8 pt. Text starts 5 mm inside the box and
may use 78 mm.

The lines are wrapped here, measured with the letters' font (DejaVu Sans),
so the PDF shows exactly these lines and nothing is clipped. When even 8 pt
is not enough, the address is shortened in a fixed order, each shortened
part ending in "…": first the "z. Hd." line, then the street, then the
organisation's name; postcode and town are never shortened. The return
address keeps postcode and town and shortens the authority's name and
street.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

PT_MM = 25.4 / 72
WIDTH_MM = 77.0  # of the 78 mm inside the box (5 mm in from the left, 2 mm from the right), a margin for rounding
ELLIPSIS = "…"
# Anschriftzone (27.3 mm): font size in pt → lines that fit at the line height of letter.css.
RECIPIENT_SIZES = ((10, 6), (9, 7), (8, 8))
RETURN_SIZE, RETURN_LINES = 7, 3  # the return address: at most three lines at 7 pt
# At 8 pt, where shortening starts: at most this many lines per part before the next part gets room.
SHARE_OF_LINES = {"name": 4, "street": 2, "attention": 1}


class Bold(float):
    """A font size in pt for bold text: measured with the bold face (``text_width(text, Bold(14))``)."""


@lru_cache(maxsize=2)
def _advances(bold=False):
    """Advance widths of the letters' font (or its bold face) in em, by code point; None when the file is missing."""
    path = settings.LETTER_BOLD_FONT_FILE if bold else settings.LETTER_FONT_FILE
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True)
    except (ImportError, OSError):
        return None
    scale = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {code: metrics[name][0] / scale for code, name in font.getBestCmap().items()}


def text_width(text, size):
    """Width of ``text`` at ``size`` pt in millimetres (a wide 0.7 em per character if the font is missing)."""
    advances = _advances(isinstance(size, Bold))
    em = sum(advances.get(ord(char), 0.7) for char in text) if advances else 0.7 * len(text)
    return em * size * PT_MM


def wrap(text, size, width=WIDTH_MM):
    """``text`` broken into lines at spaces (not at no-break spaces); a word wider than a line is broken between characters."""
    return _filled([word for word in text.split(" ") if word], " ", size, width,
                   lambda word: _broken(word, size, width))


def _filled(items, separator, size, width, too_wide):
    """``items`` joined by ``separator`` and filled into lines; ``too_wide(item)`` splits an item wider than a line."""
    lines, current = [], ""
    for item in items:
        candidate = f"{current}{separator}{item}" if current else item
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        *whole, current = too_wide(item) if text_width(item, size) > width else [item]
        lines.extend(whole)
    if current or not lines:
        lines.append(current)
    return lines


def _broken(word, size, width):
    """A word wider than a line, broken between characters into pieces that fit."""
    pieces = []
    while text_width(word, size) > width:
        cut = max(1, _fitting_prefix(word, size, width))
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def _fitting_prefix(text, size, width):
    """Number of leading characters of ``text`` that fit in ``width``."""
    count = 0
    while count < len(text) and text_width(text[: count + 1], size) <= width:
        count += 1
    return count


def shortened(text, size, max_lines, width=WIDTH_MM):
    """``text`` wrapped into at most ``max_lines`` lines, the last ending in "…" if anything was left out."""
    lines = wrap(text, size, width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width(last.rstrip() + ELLIPSIS, size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return kept


@dataclass(frozen=True)
class AddressField:
    return_lines: tuple  # the return address, one to three lines
    lines: tuple  # the recipient, wrapped
    size: int  # font size of the recipient in pt
    shortened: bool  # something had to be left out

    @property
    def css_class(self):
        return f"addressee-{self.size}pt"


def place_of(postcode, city):
    """Postcode and town, the postcode bound to the town's first word (no break between them)."""
    return "\u00a0".join(part for part in (postcode.strip(), city.strip()) if part)


def return_address(authority):
    """The return address on at most three lines; postcode and town always whole."""
    place = place_of(authority.postcode, authority.city)
    head = " · ".join(part for part in (authority.name, authority.street) if part)
    full = " · ".join(part for part in (head, place) if part)
    lines = wrap(full, RETURN_SIZE)
    if len(lines) <= RETURN_LINES:
        return tuple(lines)
    return tuple(_head_cut(head, RETURN_LINES, lambda cut: wrap(f"{cut} · {place}", RETURN_SIZE)))


def _head_cut(head, max_lines, lines_of):
    """``lines_of(head shortened with "…")`` for the longest beginning of ``head`` that fits ``max_lines``."""
    low, high = 0, len(head)
    while low < high:
        middle = (low + high + 1) // 2
        if len(lines_of(f"{head[:middle].rstrip()}{ELLIPSIS}")) <= max_lines:
            low = middle
        else:
            high = middle - 1
    return lines_of(f"{head[:low].rstrip()}{ELLIPSIS}")


def _allotted(lengths, shares, room):
    """Lines per part when not all fit in ``room``: first up to its share each, in order, then what is left in order."""
    budget = {}
    for key in shares:
        budget[key] = min(lengths[key], shares[key], room)
        room -= budget[key]
    for key in shares:
        extra = min(lengths[key] - budget[key], room)
        budget[key] += extra
        room -= extra
    return budget


def recipient(name, attention, street, place):
    """The recipient's lines and font size; shortened at 8 pt only when they do not fit otherwise."""
    parts = {"name": name, "attention": attention, "street": street}
    for size, capacity in RECIPIENT_SIZES:
        wrapped = {key: wrap(text, size) if text else [] for key, text in parts.items()}
        place_lines = wrap(place, size)
        if sum(map(len, wrapped.values())) + len(place_lines) <= capacity:
            return _ordered(wrapped, place_lines), size, False
    # name first, then street, then "z. Hd."; what is left goes to the name first
    budget = _allotted({key: len(lines) for key, lines in wrapped.items()}, SHARE_OF_LINES,
                       capacity - len(place_lines))
    kept = {key: shortened(parts[key], size, budget[key]) if budget[key] else [] for key in parts}
    return _ordered(kept, place_lines), size, True


def _ordered(parts, place_lines):
    return (*parts["name"], *parts["attention"], *parts["street"], *place_lines)


def address_field(authority, organisation, representative_name):
    attention = f"z. Hd. {representative_name}" if representative_name else ""
    place = place_of(organisation.postcode, organisation.city)
    lines, size, cut = recipient(organisation.name, attention, organisation.street, place)
    return AddressField(return_lines=return_address(authority), lines=lines, size=size, shortened=cut)


# --- The running footer ------------------------------------------------------------------

# The footer sits in the bottom margin (27 mm, 4 mm of it above the footer): five lines at 7 pt
# (3.2 mm each) end 7 mm above the edge of the sheet, where every printer still prints.
FOOTER_SIZE, FOOTER_LINES, FOOTER_WIDTH_MM = 7, 5, 129.0
# Where shortening starts: at most this many lines per part before the next part gets room (the
# address at least one more than its place needs).
FOOTER_SHARE = {"address": 2, "contact": 2, "bank": 1}


def wrap_items(items, size, width):
    """``items`` joined by " · ", broken into lines only between items (an item wider than a line wraps on its own)."""
    return _filled(items, " · ", size, width, lambda item: wrap(item, size, width))


def _shortened_items(items, size, max_lines, width):
    """Like ``shortened``, for items kept whole: the last line that fits ends in "…"."""
    lines = wrap_items(items, size, width)
    if len(lines) <= max_lines:
        return lines
    return shortened(" ".join(lines), size, max_lines, width)


def footer_lines(authority):
    """The footer on at most five lines: address, contact, bank details; postcode and town always whole.

    When the authority's data is too long, the name and street are shortened first (keeping the
    place), then the contact line and the bank details, each ending in "…".
    """
    size, width = FOOTER_SIZE, FOOTER_WIDTH_MM
    field = {name: str(getattr(authority, name, "") or "").strip() for name in (
        "name", "department", "street", "postcode", "city", "phone", "email", "website", "bank_details")}
    head = ", ".join(part for part in (field["name"], field["department"]) if part)
    if field["street"]:
        head = f"{head} · {field['street']}"
    place = place_of(field["postcode"], field["city"])
    contact = [part for part in (
        f"Telefon\u00a0{field['phone']}" if field["phone"] else "", field["email"], field["website"]) if part]
    bank = f"Bankverbindung: {field['bank_details']}" if field["bank_details"] else ""
    parts = {
        "address": wrap_items([part for part in (head, place) if part], size, width),
        "contact": wrap_items(contact, size, width) if contact else [],
        "bank": wrap(bank, size, width) if bank else [],
    }
    if sum(map(len, parts.values())) <= FOOTER_LINES:
        return tuple(line for lines in parts.values() for line in lines)
    share = {**FOOTER_SHARE, "address": max(FOOTER_SHARE["address"], len(wrap(place, size, width)) + 1)}
    budget = _allotted({key: len(lines) for key, lines in parts.items()}, share, FOOTER_LINES)
    lines = list(_address_within(head, place, budget["address"]))
    if budget["contact"]:
        lines += _shortened_items(contact, size, budget["contact"], width)
    if budget["bank"]:
        lines += shortened(bank, size, budget["bank"], width)
    return tuple(lines)


def _address_within(head, place, max_lines):
    """``head · place`` on ``max_lines`` lines, ``head`` shortened so that the place stays whole."""
    size, width = FOOTER_SIZE, FOOTER_WIDTH_MM
    lines = wrap_items([part for part in (head, place) if part], size, width)
    if len(lines) <= max_lines or not max_lines:
        return lines[:max_lines]
    return _head_cut(head, max_lines, lambda cut: wrap_items([cut, place], size, width))


# --- The letterhead ----------------------------------------------------------------------

# The letterhead zone of the first page (letter.css): 35 mm high, 5 mm of it above the name, 175 mm wide
# (the text width and the 10 mm the letterhead reaches into the right margin).
LETTERHEAD_WIDTH_MM = 174.0
# The authority's name: two lines at 14 pt, else three at 12 pt (1.2 line height: 5.9 mm, 5.1 mm);
# the department below: two lines at 10 pt (4.8 mm). At most 15.2 + 1 + 9.5 mm of the 30 mm.
NAME_SIZES = ((14, 2), (12, 3))
DEPARTMENT_SIZE, DEPARTMENT_LINES = 10, 2


@dataclass(frozen=True)
class Letterhead:
    name_lines: tuple
    name_size: int
    department_lines: tuple

    @property
    def css_class(self):
        return f"authority-name-{self.name_size}pt"


def letterhead(authority):
    """The authority's name and department in the letterhead zone, wrapped and, if need be, shortened with "…"."""
    name = str(getattr(authority, "name", "") or "").strip()
    department = str(getattr(authority, "department", "") or "").strip()
    for size, capacity in NAME_SIZES:
        lines = wrap(name, Bold(size), LETTERHEAD_WIDTH_MM)
        if len(lines) <= capacity:
            break
    else:
        lines = shortened(name, Bold(size), capacity, LETTERHEAD_WIDTH_MM)
    below = shortened(department, DEPARTMENT_SIZE, DEPARTMENT_LINES, LETTERHEAD_WIDTH_MM) if department else []
    return Letterhead(name_lines=tuple(lines), name_size=size, department_lines=tuple(below))
