"""Keyset pagination: the cost of a page does not grow with its position.

A page is the next ``size`` rows after (or before) the cursor, read through
an index on the ordering columns, so page 200 costs what page 1 costs. The
cursor is the last row's ordering values, signed so that nobody can craft
one; a broken cursor simply starts from the beginning.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.db.models import Q

SALT = "exchange.paging"


@dataclass
class Page:
    items: list
    next_cursor: str = ""
    previous_cursor: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def has_other_pages(self):
        return bool(self.next_cursor or self.previous_cursor)


def _after(fields, values, reverse=False):
    """Rows after ``values`` in the order of ``fields`` (all ascending)."""
    lookup = "lt" if reverse else "gt"
    condition = Q()
    for position in range(len(fields)):
        equal = {name: values[i] for i, name in enumerate(fields[:position])}
        condition |= Q(**equal, **{f"{fields[position]}__{lookup}": values[position]})
    return condition


def _cursor(item, fields, direction):
    values = [_value(item, name) for name in fields]
    return signing.dumps([direction, [v.isoformat() if hasattr(v, "isoformat") else v for v in values]], salt=SALT)


def _value(item, name):
    for part in name.split("__"):
        item = getattr(item, part)
    return item


def _decode(cursor, fields):
    try:
        direction, values = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None, None
    if direction not in ("n", "p") or len(values) != len(fields):
        return None, None
    return direction, values


def keyset_page(queryset, fields, cursor="", size=20):
    """The page at ``cursor`` of ``queryset`` ordered by ``fields`` (ascending, unique together)."""
    direction, values = _decode(cursor, fields) if cursor else (None, None)
    if direction == "p":
        rows = list(queryset.filter(_after(fields, values, reverse=True)).order_by(*[f"-{f}" for f in fields])[: size + 1])
        more_before = len(rows) > size
        items = list(reversed(rows[:size]))
        return Page(
            items,
            next_cursor=_cursor(items[-1], fields, "n") if items else "",
            previous_cursor=_cursor(items[0], fields, "p") if more_before and items else "",
        )
    if direction == "n":
        queryset = queryset.filter(_after(fields, values))
    rows = list(queryset.order_by(*fields)[: size + 1])
    items = rows[:size]
    return Page(
        items,
        next_cursor=_cursor(items[-1], fields, "n") if len(rows) > size else "",
        previous_cursor=_cursor(items[0], fields, "p") if direction == "n" and items else "",
    )
