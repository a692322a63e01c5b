"""Query filters of the API lists (django-filter)."""

import django_filters
from django import forms

from api.pagination import MAX_ID
from api.grants import published_grants
from funding.models import Application, Letter
from funding.workflow import State


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class ApplicationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices)
    call = IdFilter(field_name="call_id")

    class Meta:
        model = Application
        fields = ["state", "call"]


class ByApplicationFilter(django_filters.FilterSet):
    application = IdFilter(field_name="application_id")


class LetterFilter(ByApplicationFilter):
    kind = django_filters.ChoiceFilter(choices=Letter.Kind.choices)


class GrantFilter(django_filters.FilterSet):
    authority = IdFilter(field_name="call__programme__authority_id")
    year = django_filters.NumberFilter(method="filter_year", min_value=1900, max_value=2999)

    def filter_year(self, queryset, name, value):
        return queryset & published_grants(year=int(value))


class CallFilter(django_filters.FilterSet):
    authority = IdFilter(field_name="programme__authority_id")
