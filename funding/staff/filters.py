"""The staff work queue's filters; every one lives in the URL (GET)."""

import copy
from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Cast
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as translation_language

from applicants.models import Municipality, Organisation
from funding import prepared, roles
from funding.inputs import label_columns, listed_label, python_selects
from funding.models import Application, FundingCall, FundingLine
from funding.tenancy import for_staff, municipalities
from funding.workflow import AWAITING_APPLICANT_STATES, RECEIVED_STATES, State

STATE_CHOICES = [(state.value, state.label) for state in RECEIVED_STATES]


def _matching_ids(queryset, value):
    """Ids of the applications of ``queryset`` whose file reference, title or organisation name contain ``value``.

    Each part is answered by its trigram index (funding 0003), so the work
    grows with the matches, not with the table. ``queryset`` carries the
    page's other filters but the state (``ApplicationFilter.filter_queryset``),
    checked on the rows the index scan reads anyway; the page and its counts
    per state then read these ids by primary key, with the user's scope.
    """
    parts = [queryset.filter(file_reference__icontains=value), queryset.filter(title__icontains=value),
             queryset.filter(organisation__name__icontains=value)]
    first, *others = [part.order_by().values_list("pk", "state", "call_id") for part in parts]
    return first.union(*others, all=True)


def _narrowing(data, skip):
    """((name, value)) of the cleaned filter values that narrow the search's parts: not the search, the state (the
    counts per state leave it out) or the order, and not the empty ones, which every filter of the form passes
    over (django-filter's ``EMPTY_VALUES``; the unticked box "Nur mir zugewiesen" is ``False``, its method then
    returns the rows unchanged). Without this, every field of the form counted as applied and the search never
    took the prepared parts (``_prepared_matches``)."""
    return tuple(
        (name, value) for name, value in data.items()
        if name not in skip and name not in ("q", "state", "o") and value not in EMPTY_VALUES and value is not False
    )


# The filters besides the search whose values are ids: with no others, the search's parts are compiled once per
# set of them (``_prepared_matches``).
_ID_FILTERS = ("call", "line", "municipality")
_TEXT_MARKER = "\x1fsearch-marker\x1f"  # stands for the search text while compiling: no LIKE wildcard in it
_COMPILED_MATCHES = {}


def _prepared_matches(filters, applied, value):
    """The rows of ``_matching_ids`` (PostgreSQL) for the filters ``applied`` ((name, chosen object), all of
    ``_ID_FILTERS``) and the search text ``value``.

    Compiled once per database and set of filters with marker numbers in
    place of the ids and a marker text in place of the search text, and run
    as a prepared statement (``funding.prepared.cursor``) with the real ones:
    building and compiling the three parts cost the ORM about a millisecond,
    PostgreSQL's planning of them half a millisecond (docs/performance.md,
    tenth round). The parts are filtered by the filters' own methods, as on
    the page.
    """
    names = tuple(name for name, _chosen in applied)
    key = (connection.alias, names)
    compiled = _COMPILED_MATCHES.get(key)
    if compiled is None:
        marks = prepared.markers(*names)
        within = Application.objects.all()
        for name in names:
            within = filters[name].filter(within, filters[name].queryset.model(pk=marks[name]))
        sql, params = _matching_ids(within.order_by(), _TEXT_MARKER).query.sql_with_params()
        params = list(params)
        slots = prepared.slots(params, marks)
        texts = [index for index, param in enumerate(params) if param == f"%{_TEXT_MARKER}%"]
        if len(texts) != 3:
            raise ValueError("the search's parts do not take the text as a parameter")
        compiled = _COMPILED_MATCHES[key] = sql, params, slots, texts
    sql, params, slots, texts = compiled
    params = list(params)
    for name, chosen in applied:
        for index in slots[name]:
            params[index] = type(params[index])(chosen.pk)
    pattern = f"%{connection.ops.prep_for_like_query(value)}%"  # as ``icontains`` writes it
    for index in texts:
        params[index] = pattern
    with prepared.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# How each select's queryset orders its options (the models' Meta.ordering, the reviewers' order_by), as
# columns of the union: the first descending, the others ascending. A line sorts by its call (the call's
# ordering, newest first), its order, its name in the current language (modeltranslation rewrites "name").
_OPTION_ORDER = {
    "call": {"option_s1": "opens_on"},
    "line": {"option_s1": "call__opens_on", "option_s2": "order", "option_s3": "name"},
    "municipality": {"option_s3": "name"},
    "reviewer": {"option_s3": "last_name"},
}
_ORDER_FIELDS = {"option_s1": models.DateField(), "option_s2": models.IntegerField(), "option_s3": models.CharField()}
_LABEL_COLUMNS = len(AVAILABLE_LANGUAGES)


def _options_union(fields):
    """The options of the selects ``fields`` ({name: field}, in ``_OPTION_ORDER``) as one ``UNION ALL`` of
    (kind, pk, label columns …), ordered as each select's own queryset orders them."""
    parts = []
    for kind, (name, field) in enumerate(fields.items()):
        # As a plain QuerySet: modeltranslation's would reorder the columns (it rewrites them into a set).
        queryset = models.QuerySet(field.queryset.model, query=field.queryset.query.chain(), using=field.queryset.db)
        order = {}
        for column, output in _ORDER_FIELDS.items():
            source = _OPTION_ORDER[name].get(column)
            if source is None:  # typed: PostgreSQL types an untyped NULL of a parenthesised part as text
                order[column] = Cast(Value(None), output)
            else:
                *path, last = source.split("__")
                model = queryset.model if not path else queryset.model._meta.get_field(path[0]).related_model
                if isinstance(model.__dict__.get(last), TranslationFieldDescriptor):
                    last = build_localized_fieldname(last, translation_language())  # as modeltranslation orders it
                order[column] = F("__".join([*path, last]))
        columns = label_columns(queryset.model, field.label_field)
        labels = {f"option_label{number}": F(columns[number]) if number < len(columns)
                  else Value(None, output_field=models.CharField()) for number in range(_LABEL_COLUMNS)}
        # Every column an annotation, in one order: a values_list of fields and annotations puts the fields first.
        columns = {"option_kind": Value(kind), "option_pk": F("pk"), **labels, **order}
        parts.append(queryset.order_by().annotate(**columns).values_list(*columns))
    first, *others = parts
    return first.union(*others, all=True).order_by("option_kind", F("option_s1").desc(), "option_s2", "option_s3")


class _AnyOf(Func):
    """``id = ANY(%s)`` with the ids as one array parameter (PostgreSQL), read by primary key.

    ``pk__in`` would write one parameter per match into the page's query and its counts.
    """

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = models.BooleanField()


_FORM_CLASSES = {}  # ApplicationFilter's form class per scope and language


class ApplicationFilter(django_filters.FilterSet):
    """Filters of the work queue. Each one is backed by an index (see tests)."""

    q = django_filters.CharFilter(label=_("Suche (Aktenzeichen, Titel, Organisation)"), method="search")
    state = django_filters.ChoiceFilter(label=_("Status"), choices=STATE_CHOICES, empty_label=_("alle"))
    call = django_filters.ModelChoiceFilter(label=_("Aufruf"), queryset=FundingCall.objects.all(), empty_label=_("alle"))
    line = django_filters.ModelChoiceFilter(label=_("Förderlinie"), queryset=FundingLine.objects.all(), empty_label=_("alle"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"), queryset=Municipality.objects.all(), empty_label=_("alle")
    )
    org_type = django_filters.ChoiceFilter(
        label=_("Art des Vereins"), field_name="organisation__org_type", choices=Organisation.OrgType.choices, empty_label=_("alle")
    )
    amount_min = django_filters.NumberFilter(label=_("Beantragt ab (€)"), field_name="requested_amount", lookup_expr="gte")
    amount_max = django_filters.NumberFilter(label=_("Beantragt bis (€)"), field_name="requested_amount", lookup_expr="lte")
    reviewer = django_filters.ModelChoiceFilter(
        label=_("Zuständige Prüfung"),
        field_name="assigned_reviewer",
        queryset=get_user_model().objects.filter(staff_roles__role=roles.REVIEWER).distinct().order_by("last_name"),
        empty_label=_("alle"),
    )
    mine = django_filters.BooleanFilter(label=_("Nur mir zugewiesen"), method="assigned_to_me", widget=forms.CheckboxInput)
    overdue = django_filters.ChoiceFilter(
        label=_("Überfällig"),
        method="filter_overdue",
        choices=[("proof", _("Verwendungsnachweis überfällig")), ("changes", _("Nachforderung unbeantwortet"))],
        empty_label=_("egal"),
    )
    o = django_filters.OrderingFilter(
        label=_("Sortierung"),
        fields=(
            ("file_reference", "file_reference"),
            ("submitted_at", "submitted_at"),
            ("requested_amount", "requested_amount"),
            ("proof_due_date", "proof_due_date"),
            ("state", "state"),
        ),
    )

    def __init__(self, data=None, queryset=None, *, user=None, request=None, prefix=None):
        """As django-filter's, with each filter copied one level deep instead of ``copy.deepcopy``.

        The deep copy of the twelve filters (their querysets, widgets and
        lazy labels) cost the queue a millisecond per request. A filter's
        own state per request is its ``model``, ``parent``, the keyword
        arguments of its form field (``extra``, where the selects' querysets
        are set per scope, ``get_form_class``) and the field built from them
        (made on first use, on the copy); each copy gets its own of these,
        and a filter with a ``method`` a bound method of its own copy.
        """
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            copied = copy.copy(base)
            copied.__dict__.pop("_field", None)
            copied.extra = dict(base.extra)
            if base.method is not None:
                copied.method = base.method  # django-filter's FilterMethod of this copy
            copied.model, copied.parent = queryset.model, self
            self.filters[name] = copied
        self.user = user

    def scope(self):
        """The user's authorities (sorted ids), None for a superuser or no user: what the selects' options depend on."""
        user = self.user
        return None if user is None or user.is_superuser else tuple(sorted(roles.authorities_of(user)))

    def get_form_class(self):
        """django-filter's form class, made once per ``scope`` and language: besides the querysets of its
        selects (not evaluated, each form's fields get copies; modeltranslation orders the lines by their
        name in the language the queryset is made in) nothing in it depends on the request or the data."""
        scope = self.scope()
        key = (scope, get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            if scope is not None:
                # The choices too are the user's authorities' only: another authority's call names never show.
                user = self.user
                self.filters["call"].queryset = for_staff(FundingCall.objects.all(), user)
                self.filters["line"].queryset = for_staff(FundingLine.objects.all(), user)
                self.filters["municipality"].queryset = municipalities(roles.authorities_of(user))
                reviewers = self.filters["reviewer"].queryset
                self.filters["reviewer"].queryset = reviewers.filter(
                    staff_roles__authority__in=roles.authorities_of(user)
                )
            form_class = _FORM_CLASSES[key] = super().get_form_class()
        return form_class

    # The model selects' options, read as (id, label) values (funding.inputs.ValuesChoiceIterator).
    LABELS = {"call": "name", "line": "name", "municipality": "name", "reviewer": get_user_model().USERNAME_FIELD}

    @property
    def form(self):
        if not hasattr(self, "_python_form"):
            self._python_form = python_selects(super().form, labels=self.LABELS)
        return self._python_form

    def read_options(self):
        """Reads the options of the four model selects with one query, before the form is validated.

        The query is their four querysets as one ``UNION ALL``, compiled once
        per set of the user's authorities and language (``funding.prepared``);
        each select then lists its rows (``funding.inputs.listed_rows``) and
        validates its value against them (``_ListedLookup``): no query per
        select and none to look up the chosen call.
        """
        fields = {name: self.form.fields[name] for name in self.LABELS}
        found = prepared.rows(("queue-options", self.scope()), lambda: _options_union(fields), {})
        kinds = []  # per kind: its rows, model, label field and number of label columns
        for field in fields.values():
            field._listed_rows = []
            model = field.queryset.model
            kinds.append((field._listed_rows, model, field.label_field, len(label_columns(model, field.label_field))))
        for kind, pk, *labels in found:
            rows, model, label_field, width = kinds[kind]
            rows.append((pk, listed_label(model, label_field, labels[:width])))

    def filter_queryset(self, queryset, skip=()):
        """The filters in the order of the form, the text search last; ``skip``: names of filters left out
        (the counts per state leave out the state).

        The search's parts get the other filters too (``search``), on the
        applications without the scope: the page's query applies the scope.
        """
        data = self.form.cleaned_data
        within = Application.objects.all()
        for name, value in data.items():
            if name != "q" and name not in skip:
                queryset = self.filters[name].filter(queryset, value)
                if name != "state":  # the same matches for the page and its counts per state
                    within = self.filters[name].filter(within, value)
        self._search_within = within, _narrowing(data, skip)
        return self.filters["q"].filter(queryset, data.get("q"))

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        if connection.vendor == "postgresql":
            return queryset.filter(_AnyOf(F("pk"), Value(self._matches(value), output_field=ArrayField(models.IntegerField()))))
        organisations = Organisation.objects.filter(name__icontains=value).values("pk")
        return queryset.filter(
            Q(file_reference__icontains=value) | Q(title__icontains=value) | Q(organisation__in=organisations)
        )

    def _matches(self, value):
        """The ids of the matches (PostgreSQL), read once for the page and its counts."""
        within, applied = getattr(self, "_search_within", (Application.objects.all(), ()))
        key = (value, applied)
        if getattr(self, "_matched", (None,))[0] != key:
            if all(name in _ID_FILTERS for name, _chosen in applied):
                rows = _prepared_matches(self.filters, applied, value)
            else:
                rows = list(_matching_ids(within.order_by(), value))
            self._matched = key, [pk for pk, _state, _call in rows], rows
        return self._matched[1]

    def matched_state_counts(self, calls):
        """{state: number} of the text search's matches in the calls ``calls`` (the user's), from the rows the
        page read for its ids (PostgreSQL): the counts per state without a query of their own.

        The matches carry the page's other filters but the state (``filter_queryset``);
        in the user's calls and not drafts, they are what counting ``staff_applications``
        with those filters would count (a row matching in two parts counted once).
        None when the page's query has not read matches.
        """
        if not hasattr(self, "_matched"):
            return None
        states = {pk: state for pk, state, call in self._matched[2] if call in calls and state != State.DRAFT}
        counts = {}
        for state in states.values():
            counts[state] = counts.get(state, 0) + 1
        return counts

    def assigned_to_me(self, queryset, name, value):
        return queryset.filter(assigned_reviewer=self.user) if value and self.user else queryset

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        if value == "proof":
            return queryset.filter(state=State.APPROVED, proof_due_date__lt=today)
        answer_by = today - timedelta(days=settings.REMINDER_CHANGES_UNANSWERED_DAYS)
        cutoff = timezone.make_aware(datetime.combine(answer_by, time.max))
        return queryset.filter(state__in=AWAITING_APPLICANT_STATES, changes_requested_at__lte=cutoff)
