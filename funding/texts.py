"""Configured legal texts of the letters: blocks, placeholders, versions.

Every legal paragraph of a letter (Nebenbestimmungen, discretion, legal
basis, the annex list, the Rechtsbehelfsbelehrung, ...) is a *block*: a key
declared in code with a title, the placeholders it may use and a first
wording, and, in the database, versions of its text (``LetterText``) that
the authority's lawyer edits in the admin. A letter uses the newest version
in force on its date.

Text syntax (kept small on purpose, so a lawyer can write it and nothing in
it can execute): paragraphs are separated by a blank line, a single line
break stays a line break, ``**…**`` is bold, ``{name}`` is a placeholder.
Any other brace is an error. The text is escaped before placeholders are
filled in, and the values are escaped too.

A block is validated when it is saved (``problems`` here for the syntax and
the placeholders, ``funding.letterkinds.validate_text`` for rendering every
letter that uses it with sample data). A version that still fails when a
letter is rendered (changed in the database directly, or a placeholder a
letter cannot fill) is skipped for the next older one, and in the end for
the block's first wording: a broken text never stops a decision.
"""

import logging
import re
from datetime import date
from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# First versions apply to letters of any date.
FIRST_DAY = date(2000, 1, 1)

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
# Typography applied to every block (after escaping): a section sign, "Nr."
# or "Abs." stays on the line of its number; e-mail addresses, web addresses
# and abbreviations like "ANBest-P" never break: addresses in a nowrap span,
# abbreviations with a non-breaking hyphen (U+2011; in DejaVu Sans the same
# outline and advance as "-"), which costs WeasyPrint no inline box.
_GLUE = re.compile(r"(§§?|Nr\.|Abs\.|Art\.|Satz|S\.) (?=[0-9])")
ABBREVIATION = re.compile(r"\b[A-ZÄÖÜ][\wÄÖÜäöüß]*-[A-Z]{1,2}\b")  # ANBest-P, ANBest-G, VV-LHO
_UNBREAKABLE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?:https?://|www\.)[^\s<]+[^\s<.,;:)]"  # web address
    rf"|(?P<abbreviation>{ABBREVIATION.pattern})"
)


def _unbreakable(match):
    if match.group("abbreviation"):
        return match.group(0).replace("-", "\u2011")
    return f'<span class="nowrap">{match.group(0)}</span>'



class TextError(ValueError):
    """A block text that cannot be rendered; the message says why."""


@dataclass(frozen=True)
class Placeholder:
    name: str
    label: str
    value: Callable[[dict], object]


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    default: str
    placeholders: tuple = ()
    help: str = ""


@dataclass(frozen=True)
class RenderedText:
    """A block filled in for one letter: its paragraphs as safe inline HTML."""

    key: str
    version: int
    paragraphs: tuple

    def __str__(self):
        return mark_safe(" ".join(self.paragraphs))

    def __html__(self):
        return str(self)


PLACEHOLDERS: dict[str, Placeholder] = {}
BLOCKS: dict[str, Block] = {}


def placeholder(name, label):
    """Registers ``func(context) -> value`` as the placeholder ``{name}``."""
    if not PLACEHOLDER.fullmatch("{" + name + "}"):
        raise ImproperlyConfigured(f"invalid placeholder name {name!r}")

    def register(func):
        if name in PLACEHOLDERS and PLACEHOLDERS[name].value is not func:
            raise ImproperlyConfigured(f"placeholder {name!r} registered twice")
        PLACEHOLDERS[name] = Placeholder(name, label, func)
        return func

    return register


def block(key, title, default, placeholders=(), help=""):
    """Declares a configured text block and returns its key.

    The first wording ``default`` must itself be valid: an unknown
    placeholder in it fails at import, not in a letter.
    """
    if key in BLOCKS:
        raise ImproperlyConfigured(f"text block {key!r} declared twice")
    unknown = [name for name in placeholders if name not in PLACEHOLDERS]
    if unknown:
        raise ImproperlyConfigured(f"text block {key!r}: unknown placeholders {unknown}")
    BLOCKS[key] = Block(key, title, default.strip(), tuple(placeholders), help)
    found = problems(key, default)
    if found:
        raise ImproperlyConfigured(f"text block {key!r}: {found}")
    return key


# --- Checking --------------------------------------------------------------------


def problems(key, text):
    """What is wrong with ``text`` as the block ``key``: a list of messages, empty when fine."""
    spec = BLOCKS.get(key)
    if spec is None:
        return [_("Unbekannter Textbaustein „%(key)s“.") % {"key": key}]
    if not text.strip():
        return [_("Der Text darf nicht leer sein.")]
    found = []
    stray = PLACEHOLDER.sub("", text)
    for match in re.finditer(r"[{}]", stray):
        excerpt = stray[max(match.start() - 20, 0):match.start() + 20].replace("\n", " ")
        found.append(_("Einzelne geschweifte Klammer bei „…%(excerpt)s…“. Platzhalter haben die Form {name}.")
                     % {"excerpt": excerpt})
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in spec.placeholders})
    if unknown:
        allowed = ", ".join("{%s}" % name for name in spec.placeholders) or _("keine")
        found.append(_("Unbekannte Platzhalter: %(unknown)s. Erlaubt sind: %(allowed)s.")
                     % {"unknown": ", ".join("{%s}" % name for name in unknown), "allowed": allowed})
    if text.count("**") % 2:
        found.append(_("Fettdruck (**…**) ist nicht geschlossen."))
    return found


# --- Rendering -------------------------------------------------------------------


def typeset(html):
    """Typography for escaped text: numbers glued to §/Nr./Abs., addresses unbroken."""
    html = _GLUE.sub(lambda m: m.group(1) + "\u00a0", html)
    return _UNBREAKABLE.sub(_unbreakable, html)


def _value(name, context, cache):
    if name not in cache:
        try:
            value = PLACEHOLDERS[name].value(context)
        except (KeyError, AttributeError, TypeError, ValueError, ArithmeticError) as exc:
            raise TextError(_("Der Platzhalter {%(name)s} ist in diesem Schreiben nicht verfügbar.") % {"name": name}) from exc
        cache[name] = "" if value is None else str(value)
    return cache[name]


def fill(key, text, context, *, version=0, cache=None):
    """``text`` as block ``key`` for ``context``: a ``RenderedText``, or ``TextError``."""
    found = problems(key, text)
    if found:
        raise TextError(" ".join(found))
    cache = {} if cache is None else cache
    paragraphs = []
    for raw in _PARAGRAPH_BREAK.split(text.strip()):
        pieces = []
        for position, piece in enumerate(PLACEHOLDER.split(raw)):
            # re.split with one group alternates text and placeholder names.
            pieces.append(escape(_value(piece, context, cache)) if position % 2 else escape(piece))
        html = "".join(pieces).strip()
        html = _BOLD.sub(r"<strong>\1</strong>", html)
        html = typeset(html).replace("\n", "<br>")
        paragraphs.append(mark_safe(html))
    return RenderedText(key, version, tuple(paragraphs))


def _for_authority(rows, authority):
    """The rows of ``authority`` before the default ones (no authority), each newest first: its own wording wins."""
    authority_id = getattr(authority, "pk", authority)  # an unsaved sample authority has only the defaults
    rows = rows.filter(Q(authority__isnull=True) | Q(authority=authority_id)) if authority_id else rows.filter(
        authority__isnull=True)
    return rows.order_by(F("authority").asc(nulls_last=True), "-valid_from", "-version")


def resolve(keys, day, context, overrides=None):
    """The blocks ``keys`` in force on ``day``, filled in for ``context``.

    The authority's own versions (``context["authority"]``) win over the
    default versions that hold for every authority.

    Returns ``(texts, versions)``: ``texts[key]`` is a ``RenderedText``,
    ``versions[key]`` the version used (0: the first wording in the code).
    ``overrides`` maps keys to a candidate text (validation before saving).
    """
    from funding.models import LetterText

    overrides = overrides or {}
    candidates = {key: [] for key in keys}
    if day is not None and any(key not in overrides for key in keys):
        rows = LetterText.objects.filter(key__in=[k for k in keys if k not in overrides], valid_from__lte=day)
        for row in _for_authority(rows, context.get("authority")).only("key", "version", "text"):
            candidates[row.key].append((row.version, row.text))
    cache, texts, versions = {}, {}, {}
    for key in keys:
        if key in overrides:
            texts[key] = fill(key, overrides[key], context, version=-1, cache=cache)
        else:
            texts[key] = _first_that_fills(key, candidates[key], context, cache)
        versions[key] = texts[key].version
    return texts, versions


def _first_that_fills(key, candidates, context, cache):
    for version, text in candidates:
        try:
            return fill(key, text, context, version=version, cache=cache)
        except TextError:
            logger.exception("letter text %s version %s cannot be rendered; using an older version", key, version)
    # The first wording is valid by construction (``block`` checked it); only
    # a placeholder the letter cannot fill can still fail, and that is a bug.
    return fill(key, BLOCKS[key].default, context, version=0, cache=cache)


def current_text(key, day, authority=None):
    """The text of block ``key`` in force on ``day`` for ``authority`` (for editing a new version)."""
    from funding.models import LetterText

    row = _for_authority(LetterText.objects.filter(key=key, valid_from__lte=day), authority).first()
    return row.text if row else BLOCKS[key].default


def install_first_versions(sender=None, using="default", **kwargs):
    """post_migrate: every declared block gets its first wording as version 1 in the database.

    Only blocks without any version are touched, so the lawyer's versions
    are never overwritten and a block added later appears on the next migrate.
    """
    from funding.models import LetterText

    present = set(LetterText.objects.using(using).values_list("key", flat=True).distinct())
    LetterText.objects.using(using).bulk_create(
        LetterText(key=key, version=1, valid_from=FIRST_DAY, text=spec.default, note=_("Erstfassung aus dem Programm"))
        for key, spec in BLOCKS.items() if key not in present
    )


def placeholder_help(key):
    """``[(name, label)]`` of the placeholders block ``key`` may use."""
    spec = BLOCKS[key]
    return [(name, PLACEHOLDERS[name].label) for name in spec.placeholders]


def as_html(rendered, mode="paragraphs", css_class=""):
    """A ``RenderedText`` as HTML: paragraphs, list items or one inline run."""
    if mode == "inline":
        return mark_safe(" ".join(rendered.paragraphs))
    attr = f' class="{escape(css_class)}"' if css_class else ""
    if mode == "items":
        return mark_safe("".join(f"<li><p{attr}>{p}</p></li>" for p in rendered.paragraphs))
    if mode != "paragraphs":
        raise ValueError(f"unknown mode {mode!r}")
    return mark_safe("".join(f"<p{attr}>{p}</p>" for p in rendered.paragraphs))

