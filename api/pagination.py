"""Pages of the API lists: a cursor over the id, and the change feed's ``after``."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

# Largest id a path or filter may name (PostgreSQL bigint); larger ones are simply not found.
MAX_ID = 2**63 - 1


class IdCursorPagination(CursorPagination):
    """Pages by an opaque cursor over the id: each page is one index range scan, whatever the offset.

    ``?cursor=`` from ``next``/``previous``; ``page_size`` up to 500.
    """

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({"cursor": [_("Der Cursor ist ungültig.")]}) from None

    def get_page_size(self, request):
        return _bounded(request, self.page_size_query_param, 1, self.max_page_size, self.page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


class FeedPagination(BasePagination):
    """The change feed: ``?after=<id>`` gives the changes after that one, oldest first.

    ``next`` always carries the last id seen (or the same ``after`` when
    nothing is new), so a system keeps it and asks again later.
    """

    page_size = 100
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        after = _bounded(request, "after", 0, MAX_ID, 0)
        size = _bounded(request, "page_size", 1, self.max_page_size, self.page_size)
        rows = list(queryset.filter(pk__gt=after).order_by("pk")[:size])
        self.after = rows[-1].pk if rows else after
        return rows

    def get_paginated_response(self, data):
        url = replace_query_param(self.request.build_absolute_uri(), "after", self.after)
        return Response({"after": self.after, "next": url, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["after", "next", "results"],
            "properties": {
                "after": {"type": "integer", "description": "id of the last change on this page"},
                "next": {"type": "string", "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "after", "in": "query", "required": False, "description": "id of the last change already read",
             "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID}},
            {"name": "page_size", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size}},
        ]


def _bounded(request, name, low, high, default):
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise exceptions.ValidationError({name: [_("Erlaubt ist eine ganze Zahl von %(low)s bis %(high)s.") % {
            "low": low, "high": high}]})
    return int(value)
