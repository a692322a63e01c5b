"""Reads of the change history (django-simple-history) for staff pages.

Every source is one query; the people and objects the changes refer to are
looked up in one query per model, so the number of queries does not grow
with the number of changes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
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


def change_log(sources, known=()):
    """Entries of all sources, newest first: who, when, what, old and new value.

    ``known`` are objects the page has loaded already (the application, its
    call, its drawdowns, ...): the names of those are not queried again.
    """
    rows = [(source, list(source.queryset.select_related("history_user").order_by("history_date", "history_id")))
            for source in sources]
    users = [row.history_user for _source, records in rows for row in records if row.history_user is not None]
    names = _related_names((row for _source, records in rows for row in records), [*known, *users])
    entries = []
    for source, records in rows:
        previous = {}
        for record in records:
            entries.append(_entry(source, record, previous.get(record.id), names))
            previous[record.id] = record
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


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
