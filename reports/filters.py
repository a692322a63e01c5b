"""The one filter of every report: dashboard, exports and Förderbericht.

The filter values live in the query string, so a link to the dashboard, an
export or a Förderbericht job carries exactly the same narrowing.
"""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import Municipality
from funding import roles
from funding.inputs import python_selects
from funding.models import Application, FundingCall, FundingLine
from funding.tenancy import for_staff, municipalities


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
        queryset=FundingLine.objects.select_related("call").order_by("-call__opens_on", "call__name", "order", "name"),
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
            python_selects(form)._python_selects = True
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
