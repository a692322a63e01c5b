"""Public endpoints, no token: open calls and the published grants."""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.views import APIView

from api.filters import CallFilter, GrantFilter
from api.framework import PublicMixin
from api.grants import published_grants
from api.serializers import CallSerializer, GrantSerializer
from funding.models import FundingCall, FundingLine

TAG = ["Öffentlich"]


@extend_schema(tags=TAG, summary="Offene Förderaufrufe mit Förderlinien und Fristen")
class CallList(PublicMixin, generics.ListAPIView):
    """Calls whose application period has not ended (open now or opening later)."""

    serializer_class = CallSerializer
    filterset_class = CallFilter

    def get_queryset(self):
        lines = Prefetch("lines", queryset=FundingLine.objects.order_by("order", "name", "pk"))
        calls = FundingCall.objects.filter(closes_on__gte=timezone.localdate())
        return calls.select_related("programme__authority").prefetch_related(lines)


@extend_schema(tags=TAG, summary="Bewilligte Zuwendungen der Behörden, die sie veröffentlichen")
class GrantList(PublicMixin, generics.ListAPIView):
    """Recipient, municipality (seat of the organisation), purpose, line, amount and year of receipt."""

    serializer_class = GrantSerializer
    filterset_class = GrantFilter

    def get_queryset(self):
        return published_grants().select_related("organisation__municipality", "call__programme", "line")


@extend_schema(exclude=True)
class NotFound(PublicMixin, APIView):
    """Any other path under /api/: 404 as problem details, like every other API error."""

    throttle_classes = ()

    def dispatch(self, request, *args, **kwargs):
        self.args, self.kwargs, self.request = args, kwargs, self.initialize_request(request, *args, **kwargs)
        self.headers = self.default_response_headers
        response = self.handle_exception(exceptions.NotFound())
        return self.finalize_response(self.request, response, *args, **kwargs)
