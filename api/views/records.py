"""Endpoints for an authority's own systems (token): applications, money, proofs, letters, changes.

Every queryset passes through ``api.scoping.scoped`` (``TokenMixin``), so a
row of another authority is answered 404.
"""

from django.db.models import Prefetch
from django_fsm_log.models import StateLog
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from api.auth import HasWriteToken
from api.filters import ApplicationFilter, ByApplicationFilter, LetterFilter
from api.framework import TokenDetailView, TokenListView, TokenMixin
from api.pagination import FeedPagination
from api.serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    ChangeSerializer,
    DecisionSerializer,
    LetterSerializer,
    PaymentRunSerializer,
    PaymentSerializer,
    ProofSerializer,
)
from funding.downloads import letter_response
from funding.models import Decision, Drawdown, Letter, Payment, PaymentRun, ProofOfUse
from funding.services.payment_runs import payment_run_book
from funding.staff.access import submitted_applications
from funding.workflow import history

APPLICATIONS, MONEY, FILES, CHANGES = ["Anträge"], ["Geld"], ["Schreiben"], ["Änderungen"]


@extend_schema(tags=APPLICATIONS, summary="Anträge (ohne Entwürfe)")
class ApplicationList(TokenListView):
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def base_queryset(self):
        return submitted_applications().select_related("organisation")


@extend_schema(tags=APPLICATIONS, summary="Ein Antrag mit seinem Statusverlauf")
class ApplicationDetail(TokenDetailView):
    serializer_class = ApplicationDetailSerializer

    def base_queryset(self):
        return submitted_applications().select_related("organisation")

    def get_object(self):
        application = super().get_object()
        application.api_history = history(application)
        return application


@extend_schema(tags=APPLICATIONS, summary="Entscheidungen")
class DecisionList(TokenListView):
    queryset = Decision.objects.all()
    serializer_class = DecisionSerializer
    filterset_class = ByApplicationFilter


@extend_schema(tags=MONEY, summary="Auszahlungen")
class PaymentList(TokenListView):
    queryset = Payment.objects.all()
    serializer_class = PaymentSerializer
    filterset_class = ByApplicationFilter


@extend_schema(tags=MONEY, summary="Zahlläufe")
class PaymentRunList(TokenListView):
    serializer_class = PaymentRunSerializer

    def base_queryset(self):
        return PaymentRun.objects.prefetch_related(Prefetch("drawdowns", Drawdown.objects.only("pk", "run")))


@extend_schema(tags=MONEY, summary="Ein Zahllauf")
class PaymentRunDetail(TokenDetailView):
    serializer_class = PaymentRunSerializer
    base_queryset = PaymentRunList.base_queryset


@extend_schema(
    tags=MONEY,
    summary="Zahllauf als gebucht melden (Schreibrecht)",
    description=(
        "Bucht den offenen Zahllauf über den Arbeitsablauf der Anwendung, im Namen des Kontos, als das das Token "
        "handelt (Rolle Kasse, Vier-Augen-Prinzip). Ohne Anfragekörper. Ein nicht möglicher Schritt antwortet 409."
    ),
    request=None,
    responses={200: PaymentRunSerializer},
)
class PaymentRunBook(TokenMixin, generics.GenericAPIView):
    permission_classes = (HasWriteToken,)
    serializer_class = PaymentRunSerializer
    queryset = PaymentRun.objects.all()

    def post(self, request, pk):
        run = payment_run_book(run=self.get_object(), user=request.auth.acting_user or request.user)
        return Response(PaymentRunSerializer(PaymentRun.objects.get(pk=run.pk)).data)


@extend_schema(tags=APPLICATIONS, summary="Verwendungsnachweise (eingereicht)")
class ProofList(TokenListView):
    queryset = ProofOfUse.objects.filter(submitted_at__isnull=False)
    serializer_class = ProofSerializer
    filterset_class = ByApplicationFilter


@extend_schema(tags=FILES, summary="Schreiben (Bescheide, Eingangsbestätigungen …)")
class LetterList(TokenListView):
    queryset = Letter.objects.all()
    serializer_class = LetterSerializer
    filterset_class = LetterFilter


@extend_schema(
    tags=FILES,
    summary="Ein Schreiben als PDF, Byte für Byte wie gespeichert",
    description="Kopf `Content-Digest` mit dem SHA-256 (RFC 9530); das Schreiben wird nie neu erzeugt.",
    responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
)
class LetterFile(TokenMixin, generics.GenericAPIView):
    queryset = Letter.objects.select_related("application")

    def get(self, request, pk):
        return letter_response(self.get_object())


@extend_schema(
    tags=CHANGES,
    summary="Änderungsfeed: Statuswechsel von Anträgen, Mittelabrufen und Zahlläufen",
    description=(
        "In der Reihenfolge, in der sie geschahen (aufsteigende id). Ein System merkt sich den Cursor von `next` "
        "und fragt später damit nach; neue Wechsel erscheinen auf der letzten Seite."
    ),
)
class ChangeList(TokenListView):
    queryset = StateLog.objects.select_related("content_type")
    serializer_class = ChangeSerializer
    pagination_class = FeedPagination
