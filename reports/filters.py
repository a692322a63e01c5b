"""The one filter of every report: dashboard, exports and Förderbericht.

The filter values live in the query string, so a link to the dashboard, an
export or a Förderbericht job carries exactly the same narrowing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from applicants.models import Municipality
from funding import prepared, roles
from funding.inputs import ValuesChoiceIterator, python_selects
from funding.models import Application, FundingCall, FundingLine
from funding.tenancy import for_staff, municipalities, within


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ReportFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        call, line = data.get("call"), data.get("line")
        if call and line and line.call_id != call.pk:
            self.add_error("line", _("Diese Förderlinie gehört nicht zum gewählten Förderaufruf."))
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return data


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.call.name})"


class LineFilter(django_filters.ModelChoiceFilter):
    field_class = LineChoiceField


@dataclass(frozen=True)
class ListedCall:
    """The call of a listed funding line: what the report reads of it."""

    pk: int
    name: str
    budget: Decimal

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class ListedLine:
    """A funding line of the filter's choices, as the report reads it (no model instance)."""

    pk: int
    call_id: int
    name: str
    budget: Decimal | None
    call: ListedCall


_NAMES = [build_localized_fieldname("name", code) for code in AVAILABLE_LANGUAGES]


def _translated_name(model, row, prefix=""):
    """``obj.name`` (translated by modeltranslation) from a row of its columns in every language, as its descriptor
    resolves it (the current language, then the fallbacks)."""
    return str(model.__dict__["name"].__get__(_Columns({name: row[prefix + name] for name in _NAMES}), model))


class _Columns(dict):
    """Stands in for a model instance towards a translation descriptor: its columns as attributes."""

    __getattr__ = dict.get


def _call_queryset():
    """The calls of the filter's call select, in their order."""
    return FundingCall.objects.order_by("-opens_on", "name")


def _line_queryset():
    """The funding lines of the filter's line select, in the order of the report."""
    return FundingLine.objects.select_related("call").order_by("-call__opens_on", "call__name", "order", "name")


_LISTED_COLUMNS = ["pk", "budget", *_NAMES, "lines__pk", "lines__budget", *(f"lines__{name}" for name in _NAMES)]


def _listed_rows(authorities):
    """Every call of the call select with each of its lines (or None), in the order of both selects: the calls by
    ``_call_queryset``, the lines of a call by order and name, as ``_line_queryset`` sorts them. Of the
    ``authorities`` (as ``for_staff`` narrows both selects) or of all (None); compiled once per number of
    authorities (``funding.prepared``)."""
    def build(**marks):
        calls = _call_queryset()
        if authorities is not None:
            calls = within(calls, [marks[f"a{index}"] for index in range(len(authorities))])
        return calls.order_by("-opens_on", "name", "lines__order", "lines__name").values(*_LISTED_COLUMNS)

    ids = {f"a{index}": pk for index, pk in enumerate(authorities or ())}
    return prepared.rows(("reports.listed", None if authorities is None else len(authorities)), build, ids)


class Listing:
    """The options of the call and line selects, read in one query, and the report's lines from the same rows.

    Shared by both fields of one form (``ReportFilter.form``); ``authorities``:
    those the filter is narrowed to, None for all.
    """

    def __init__(self, call_field, line_field, authorities):
        self.fields, self.authorities, self.lines = (call_field, line_field), authorities, None
        call_field.report_listing = line_field.report_listing = self

    def load(self):
        if self.lines is None:
            calls, self.lines = {}, []
            for row in _listed_rows(self.authorities):
                call = calls.get(row["pk"])
                if call is None:
                    call = calls[row["pk"]] = ListedCall(row["pk"], _translated_name(FundingCall, row), row["budget"])
                if row["lines__pk"] is not None:
                    self.lines.append(ListedLine(row["lines__pk"], call.pk, _translated_name(FundingLine, row, "lines__"),
                                                 row["lines__budget"], call))
            call_field, line_field = self.fields
            call_field._listed_rows = [(call.pk, call.name) for call in calls.values()]
            line_field._listed_rows = [(line.pk, f"{line.name} ({line.call.name})") for line in self.lines]
        return self.lines


def listed_lines(field):
    """[ListedLine] of the line select's queryset, in its order (``Listing``): the report reads no query of its own."""
    return field.report_listing.load()


class ListingChoiceIterator(ValuesChoiceIterator):
    """The call or line select's options from its ``Listing``: labels as ``str(call)`` and
    ``LineChoiceField.label_from_instance``."""

    def __iter__(self):
        self.field.report_listing.load()
        return super().__iter__()

    def __len__(self):
        self.field.report_listing.load()
        return super().__len__()


def share_municipalities(report_filter, rows):
    """Gives the municipality select its options from ``rows``, [(id, name, authority id)] of every municipality by
    name, which the report reads anyway: no query of its own.

    The user's choices as the select's queryset (``funding.tenancy.municipalities``):
    those of the user's authorities and those not given to any authority yet.
    """
    if report_filter.restricted:
        authorities = roles.authorities_of(report_filter.user)
        rows = [row for row in rows if row[2] is None or row[2] in authorities]
    report_filter.form.fields["municipality"]._listed_rows = [(pk, name) for pk, name, _authority in rows]


class ReportFilter(django_filters.FilterSet):
    """Narrows applications by call, funding line, municipality and period.

    The municipality is the seat of the organisation (where the money went);
    the period is the date of receipt (``submitted_at``), both ends included.
    """

    call = django_filters.ModelChoiceFilter(
        label=_("Förderaufruf"), queryset=FundingCall.objects.order_by("-opens_on", "name"), empty_label=_("Alle")
    )
    line = LineFilter(
        label=_("Förderlinie"),
        queryset=_line_queryset(),
        empty_label=_("Alle"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune (Sitz des Vereins)"),
        field_name="organisation__municipality",
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Alle"),
    )
    date_from = django_filters.DateFilter(
        label=_("Eingang ab"), method="filter_date_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("Eingang bis"), method="filter_date_to", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Application
        fields = ["call", "line", "municipality", "date_from", "date_to"]
        form = ReportFilterForm

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Narrowed to the authorities where the user holds a role: choices, calls in scope, the applications.
        self.restricted = user is not None and not user.is_superuser
        if self.restricted:
            self.filters["call"].queryset = for_staff(self.filters["call"].queryset, user)
            self.filters["line"].queryset = for_staff(self.filters["line"].queryset, user)
            self.filters["municipality"].queryset = municipalities(roles.authorities_of(user)).order_by("name")

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_python_selects", False):  # once per form: ``values`` reads it for every figure
            python_selects(form, labels={"municipality": "name"})._python_selects = True
            # The querysets' rows: the calls and lines of these authorities (``for_staff``), or of all.
            Listing(form.fields["call"], form.fields["line"],
                    tuple(sorted(roles.authorities_of(self.user))) if self.restricted else None)
            for name in ("call", "line"):
                field = form.fields[name]
                field.iterator = ListingChoiceIterator
                field.widget.choices = field.choices
        return form

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=_local_midnight(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(submitted_at__lt=_local_midnight(value + datetime.timedelta(days=1)))

    @property
    def values(self):
        """Cleaned values of a valid filter (None where not set)."""
        return {name: self.form.cleaned_data.get(name) for name in self.Meta.fields}

    def scope_calls(self):
        """Calls whose budgets the report shows: narrowed by call and line only."""
        values, calls = self.values, FundingCall.objects.all()
        if self.restricted:
            calls = for_staff(calls, self.user)
        if values["line"]:
            return calls.filter(pk=values["line"].call_id)
        if values["call"]:
            return calls.filter(pk=values["call"].pk)
        return calls

    def description(self):
        """(label, value) pairs of the active narrowing, for exports and the PDF."""
        values, rows = self.values, []
        for name in self.Meta.fields:
            value = values[name]
            if value is None:
                continue
            shown = value.strftime("%d.%m.%Y") if isinstance(value, datetime.date) else str(value)
            rows.append((str(self.filters[name].label), shown))
        return rows


def report_filter(data, user=None):
    """A bound ReportFilter over the applications of the authorities where ``user`` holds a role.

    Without a user (management commands, the benchmark), over every application.
    """
    applications = Application.objects.all() if user is None else for_staff(Application.objects.all(), user)
    return ReportFilter(data, queryset=applications, user=user)
