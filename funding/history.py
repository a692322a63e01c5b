"""Reads of the change history (django-simple-history) for staff pages.

Every source is one query; the people and objects the changes refer to are
looked up in one query per model, so the number of queries does not grow
with the number of changes.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone as dt_timezone
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connections, models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from funding.amounts import format_eur
from funding.models.fields import MoneyField

KIND_LABELS = {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}
# Bookkeeping columns that say nothing about the content of a change.
_IGNORED = {"id", "state", "updated_at", "history_id", "history_date", "history_user", "history_type",
            "history_change_reason"}


@dataclass
class Source:
    """Historical rows of one kind of record, and what to show for it."""

    label: str
    queryset: models.QuerySet
    summary_fields: tuple = ()  # shown when a record is created or deleted
    fields: tuple = ()  # when given, only changes of these fields are shown


@dataclass
class Entry:
    when: datetime
    who: object
    subject: str
    kind: str
    changes: list = field(default_factory=list)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


def change_log(sources, known=(), records=None):
    """Entries of all sources, newest first: who, when, what, old and new value.

    ``known`` are objects the page has loaded already (the application, its
    call, its drawdowns, ...): the names of those are not queried again.
    ``records``: the sources' rows, when ``load`` has read them together with
    other rows the page needs.
    """
    if records is None:
        records = load([(source.queryset, "history_user") for source in sources])
    rows = [(source, sorted(found, key=lambda row: (row.history_date, row.history_id)))
            for source, found in zip(sources, records)]
    users = [row.history_user for _source, records in rows for row in records if row.history_user is not None]
    names = _related_names((row for _source, records in rows for row in records), [*known, *users])
    entries = []
    for source, records in rows:
        previous = {}
        for record in records:
            entries.append(_entry(source, record, previous.get(record.id), names))
            previous[record.id] = record
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


# --- every source in one query -------------------------------------------------

_USER_FIELDS = ("id", "username", "first_name", "last_name")
# PostgreSQL functions take at most 100 arguments: a row's columns go into nested objects of this many.
_COLUMNS_PER_OBJECT = 40


class _ExactDecoder(json.JSONDecoder):
    """Numbers with a fraction become Decimal, as the money columns are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, parse_float=Decimal, **kwargs)


class _Row(JSONObject):
    output_field = models.JSONField(decoder=_ExactDecoder)


def load(parts, rows=None):
    """The rows of every ``(queryset, user field)`` of ``parts`` from one ``UNION ALL`` query.

    Tables differ in their columns, so each row comes back as one JSON object
    of its columns (and one of its user's names) and is turned back into a
    model instance with the user attached, as ``select_related`` would have.
    Returns one list per part, unordered. ``rows``: the ``(part, row, user)``
    tuples of ``load_query(parts)`` when the caller has run it already
    (``funding.prepared``).
    """
    if not parts:
        return []
    if rows is None:
        rows = load_query(parts)
    records = [[] for _part in parts]
    for index, row, user in rows:
        queryset, user_field = parts[index]
        records[index].append(_instance(queryset, user_field, row, user))
    return records


def load_query(parts):
    """The ``UNION ALL`` of ``load``: ``(part, row, user)`` tuples, unevaluated."""
    selects = []
    for index, (queryset, user_field) in enumerate(parts):
        columns = [model_field.attname for model_field in queryset.model._meta.concrete_fields]
        chunks = [columns[start:start + _COLUMNS_PER_OBJECT] for start in range(0, len(columns), _COLUMNS_PER_OBJECT)]
        row = _Row(**{f"c{number}": _Row(**{name: F(name) for name in chunk}) for number, chunk in enumerate(chunks)})
        user = _Row(**{name: F(f"{user_field}__{name}") for name in _USER_FIELDS})
        selects.append(queryset.order_by().annotate(_part=Value(index), _row=row, _user=user)
                       .values_list("_part", "_row", "_user"))
    return selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]


def _instance(queryset, user_field, row, user):
    model = queryset.model
    columns = {name: value for chunk in row.values() for name, value in chunk.items()}
    fields = model._meta.concrete_fields
    record = model.from_db(queryset.db, [f.attname for f in fields],
                           [_python(f, columns.get(f.attname), queryset.db) for f in fields])
    model._meta.get_field(user_field).set_cached_value(record, person(queryset.db, user))
    return record


def person_subquery(attname):
    """The id and names of the user whose id is in the column ``attname``, as one JSON object (for ``person``).

    A subquery instead of a join: each further table joined into a file's
    query cost PostgreSQL more planning than such a subquery.
    """
    users = get_user_model().objects.filter(pk=OuterRef(attname))
    return Subquery(users.values(_person=_Row(**{name: F(name) for name in _USER_FIELDS}))[:1])


def person(alias, data):
    """The user (id, username and names only) of a JSON object of ``person_subquery`` or ``load``; None for none."""
    if not data or data.get("id") is None:
        return None
    user = get_user_model().from_db(alias, _USER_FIELDS, [data.get(name) or "" for name in _USER_FIELDS])
    user.id = data["id"]
    return user


def _python(model_field, value, alias):
    """A column's value from its JSON form, as the database driver would have returned it."""
    if value is None:
        return None
    if isinstance(model_field, models.JSONField):
        # SQLite keeps JSON as text and json_object() passes it on as a string.
        return json.loads(value) if isinstance(value, str) and connections[alias].vendor == "sqlite" else value
    value = model_field.to_python(value)
    if isinstance(model_field, models.DecimalField):
        return value.quantize(Decimal(1).scaleb(-model_field.decimal_places))
    if isinstance(value, datetime) and timezone.is_naive(value):  # SQLite stores UTC without an offset
        return timezone.make_aware(value, dt_timezone.utc)
    return value


def _entry(source, record, before, names):
    entry = Entry(record.history_date, record.history_user, source.label, record.history_type)
    if before is None or record.history_type != "~":
        entry.kind = "+" if before is None and record.history_type == "~" else record.history_type
        entry.changes = [
            (_label(record, name), None, _display(record, name, getattr(record, _attname(record, name)), names))
            for name in source.summary_fields
        ]
        return entry
    delta = record.diff_against(before)
    entry.changes = [
        (_label(record, change.field), _display(record, change.field, change.old, names),
         _display(record, change.field, change.new, names))
        for change in delta.changes
        if _shown(record, change.field) and (not source.fields or change.field in source.fields)
    ]
    return entry


def _shown(record, name):
    """Content fields; bookkeeping columns without a label of their own are left out."""
    model_field = record._meta.get_field(name)
    return name not in _IGNORED and str(model_field.verbose_name) != name.replace("_", " ")


def visible(entries):
    """Entries that show something: creations, deletions, changes of a shown field."""
    return [entry for entry in entries if entry.kind != "~" or entry.changes]


def _attname(record, name):
    return record._meta.get_field(name).attname


def _label(record, name):
    return str(record._meta.get_field(name).verbose_name)


def _related_names(records, known=()):
    """{(model, pk): str} for every foreign key value in ``records``, one query per model.

    Values found among the ``known`` objects are not queried.
    """
    loaded = {(type(obj), obj.pk): obj for obj in known}
    names = {}
    wanted = defaultdict(set)
    for record in records:
        for model_field in record._meta.fields:
            if model_field.is_relation and model_field.name not in _IGNORED:
                value = getattr(record, model_field.attname)
                key = (model_field.related_model, value)
                if value is None or key in names:
                    continue
                if key in loaded:
                    names[key] = _name(loaded[key])
                else:
                    wanted[model_field.related_model].add(value)
    for model, pks in wanted.items():
        for obj in model._base_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = _name(obj)
    return names


def _name(obj):
    return _person(obj) if hasattr(obj, "get_full_name") else str(obj)


def _person(user):
    return user.get_full_name() or user.get_username()


def _display(record, name, value, names):
    model_field = record._meta.get_field(name)
    if value is None or value == "":
        return "–"
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("ja") if value else _("nein"))
    if isinstance(model_field, MoneyField):
        return format_eur(value)
    if isinstance(value, Decimal):
        return number_format(value)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "d.m.Y H:i")
    if isinstance(value, date):
        return date_format(value, "d.m.Y")
    return str(value)
