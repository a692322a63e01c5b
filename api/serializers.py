"""What the API shows of each object. Money is a string with two decimal places, never a float."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from funding.models import Application, Decision, Drawdown, FundingCall, FundingLine, Letter, Payment, PaymentRun, ProofOfUse
from funding.workflow import machine_labels

# --- Public ---------------------------------------------------------------------


class LineSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingLine
        fields = ["id", "name", "description", "min_grant", "max_grant", "max_rate_percent", "financing_type"]


class CallSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="programme.authority.name")
    authority_id = serializers.IntegerField(source="programme.authority_id")
    programme = serializers.CharField(source="programme.name")
    is_open = serializers.SerializerMethodField()
    lines = LineSerializer(many=True)

    class Meta:
        model = FundingCall
        fields = [
            "id", "name", "description", "authority_id", "authority", "programme", "opens_on", "closes_on",
            "is_open", "period_start", "period_end", "proof_due_months", "lines",
        ]

    def get_is_open(self, call) -> bool:
        return call.is_open_on(timezone.localdate())


class GrantSerializer(serializers.ModelSerializer):
    recipient = serializers.CharField(source="organisation.name")
    municipality = serializers.CharField(source="organisation.municipality.name", default=None, allow_null=True)
    purpose = serializers.CharField(source="title")
    authority_id = serializers.IntegerField(source="call.programme.authority_id")
    call = serializers.CharField(source="call.name")
    line = serializers.CharField(source="line.name")
    amount = serializers.DecimalField(source="approved_amount", max_digits=12, decimal_places=2)
    year = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "file_reference", "authority_id", "recipient", "municipality", "purpose", "call", "line",
                  "amount", "year"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_year(self, application):
        """The year of receipt, as in the Förderbericht (none for rows loaded without one)."""
        return timezone.localtime(application.submitted_at).year if application.submitted_at else None


# --- With a token ------------------------------------------------------------------


class TransitionSerializer(serializers.Serializer):
    """One step of the transition log."""

    id = serializers.IntegerField()
    timestamp = serializers.DateTimeField()
    transition = serializers.CharField()
    label = serializers.CharField()
    source_state = serializers.CharField(allow_null=True)
    state = serializers.CharField()
    description = serializers.CharField(allow_null=True)


class ApplicationSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    organisation_id = serializers.IntegerField()
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Application
        fields = [
            "id", "file_reference", "title", "state", "state_label", "call_id", "line_id", "organisation_id",
            "organisation", "requested_amount", "approved_amount", "start_date", "end_date", "submitted_at",
            "decided_at", "proof_due_date", "updated_at",
        ]


class ApplicationDetailSerializer(ApplicationSerializer):
    history = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "history"]

    @extend_schema_field(TransitionSerializer(many=True))
    def get_history(self, application):
        return TransitionSerializer(application.api_history, many=True).data


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "application_id", "outcome", "amount", "reasons", "decided_at"]


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "application_id", "drawdown_id", "amount", "paid_on", "reference", "recorded_at"]


class PaymentRunSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    drawdowns = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PaymentRun
        fields = ["id", "reference", "status", "execution_date", "total", "count", "created_at", "booked_at",
                  "drawdowns"]


class ProofSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProofOfUse
        fields = [
            "id", "application_id", "participants_reached", "own_funds_actual", "third_party_funds_actual",
            "other_public_funds_actual", "grant_actual", "submitted_at", "audited_at", "recognised_expenditure",
            "settled_amount",
        ]


class LetterSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    file = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["id", "application_id", "kind", "kind_label", "sha256", "size", "created_at", "file"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, letter):
        return self.context["request"].build_absolute_uri(reverse("api:letter_file", args=[letter.pk]))


class ChangeSerializer(serializers.Serializer):
    """One state change of an application, a drawdown or a payment run, in the order they happened."""

    id = serializers.IntegerField()
    timestamp = serializers.DateTimeField()
    object_type = serializers.SerializerMethodField()
    object_id = serializers.IntegerField()
    transition = serializers.CharField()
    label = serializers.SerializerMethodField()
    source_state = serializers.CharField(allow_null=True)
    state = serializers.CharField()

    def get_object_type(self, log) -> str:
        return TYPE_NAMES[log.content_type.model_class()]

    def get_label(self, log) -> str:
        return str(machine_labels(log.content_type.model_class()).get(log.transition, log.transition))


TYPE_NAMES = {Application: "application", Drawdown: "drawdown", PaymentRun: "payment_run"}
