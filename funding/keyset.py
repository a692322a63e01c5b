"""Keyset pagination (staff queue, applicant overview): every page costs the same, first or 2,000th.

A page is the next (or previous) ``size`` rows after (before) a cursor, the
sort value and id of the last (first) row shown, so the database starts
reading at the cursor in the sort index instead of counting past an offset.
Rows with no sort value (no date of receipt, no proof due date) come last
in both directions; the id breaks ties. Cursors go into the query string
(``after`` / ``before``); one that cannot be read shows the first page.
"""

import base64
import json

from django.core.exceptions import ValidationError
from django.db.models import F, Q


class KeysetPage:
    """One page: the rows, the cursors to its neighbours, the total (known from elsewhere)."""

    def __init__(self, rows, count, next_cursor, previous_cursor):
        self.object_list, self.count = rows, count
        self.next_cursor, self.previous_cursor = next_cursor, previous_cursor

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_next(self):
        return self.next_cursor is not None

    @property
    def has_previous(self):
        return self.previous_cursor is not None

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous


def encode(value, pk):
    raw = json.dumps([None if value is None else str(value), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor, field):
    """(value, pk) or None for a cursor that cannot be read."""
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return (None if value is None else field.to_python(value)), int(pk)
    except (ValueError, TypeError, ValidationError):
        return None


def _beyond(name, descending, nullable, value, pk, forward):
    """Rows after (``forward``) or before the cursor (value, pk) in the order of the page."""
    later, earlier = ("lt", "gt") if descending else ("gt", "lt")
    step = later if forward else earlier
    if value is None:  # the cursor is among the rows without a value, which come last
        among_nulls = Q(**{f"{name}__isnull": True, f"pk__{step}": pk})
        return among_nulls if forward else among_nulls | Q(**{f"{name}__isnull": False})
    condition = Q(**{f"{name}__{step}": value}) | Q(**{name: value, f"pk__{step}": pk})
    if nullable and forward:
        return condition | Q(**{f"{name}__isnull": True})
    # A bound the sort index can start from.
    return Q(**{f"{name}__{step}e": value}) & condition


def _order(name, descending, nullable, forward):
    reverse = descending != (not forward)  # descending on forward pages, flipped on backward ones
    expression = F(name).desc if reverse else F(name).asc
    nulls = {"nulls_last": True} if forward else {"nulls_first": True}
    return [expression(**nulls) if nullable else expression(), "-pk" if reverse else "pk"]


def keyset_page(queryset, ordering, *, after=None, before=None, size=25, count=None, fetch=None):
    """The page of ``queryset`` after cursor ``after`` or before ``before`` (first page without either).

    ``ordering`` is one field name, "-name" for descending. ``fetch(rows, first)`` reads the page's
    queryset ``rows`` (``first``: no cursor, so the SQL is the same on every request); ``list`` without it.
    """
    descending, name = ordering.startswith("-"), ordering.lstrip("-")
    field = queryset.model._meta.get_field(name)
    nullable = field.null
    forward = not before
    cursor = decode(after or before, field) if (after or before) else None
    if cursor is None:
        forward, after, before = True, None, None
    rows = queryset.order_by(*_order(name, descending, nullable, forward))
    if cursor is not None:
        rows = rows.filter(_beyond(name, descending, nullable, *cursor, forward))
    rows = list(rows[: size + 1]) if fetch is None else list(fetch(rows[: size + 1], cursor is None))
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    if not rows:
        return KeysetPage([], count, None, None)
    first, last = rows[0], rows[-1]
    has_next = more if forward else True
    has_previous = (cursor is not None) if forward else more
    return KeysetPage(
        rows,
        count,
        encode(getattr(last, name), last.pk) if has_next else None,
        encode(getattr(first, name), first.pk) if has_previous else None,
    )
