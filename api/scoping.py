"""The one place that narrows API data to the token's authority.

Every view that reads or writes with a token passes its queryset through
``scoped``: a row belongs to the authority of its call's programme
(call -> programme -> authority). A row of another authority is then not
found (404), exactly as if it did not exist. When the tenancy module
arrives, this function is where it is routed through.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q

from funding.models import Application, Decision, Drawdown, FundingCall, Letter, Payment, PaymentRun, ProofOfUse

AUTHORITY = "call__programme__authority"
VIA_APPLICATION = f"application__{AUTHORITY}"
# The path from each model to its authority.
PATHS = {
    Application: AUTHORITY,
    FundingCall: "programme__authority",
    Decision: VIA_APPLICATION,
    Drawdown: VIA_APPLICATION,
    Letter: VIA_APPLICATION,
    Payment: VIA_APPLICATION,
    ProofOfUse: VIA_APPLICATION,
}


def scoped(queryset, authority):
    """The rows of ``queryset`` that belong to ``authority``; nothing of any other."""
    model = queryset.model
    if model in PATHS:
        return queryset.filter(**{PATHS[model]: authority})
    if model is PaymentRun:
        # A run belongs to the authority when every drawdown in it does (and it has one).
        own = Drawdown.objects.filter(run=OuterRef("pk"), **{VIA_APPLICATION: authority})
        foreign = Drawdown.objects.filter(run=OuterRef("pk")).exclude(**{VIA_APPLICATION: authority})
        return queryset.filter(Exists(own)).exclude(Exists(foreign))
    if model._meta.label == "django_fsm_log.StateLog":
        return queryset.filter(_state_log_scope(authority))
    raise ValueError(f"{model.__name__} has no path to an authority")


def _state_log_scope(authority):
    """Transition log rows of the authority's applications, drawdowns and payment runs.

    Correlated EXISTS per row (an index lookup each), so a page of the
    change feed costs the same however many rows there are.
    """
    condition = Q(pk__in=[])
    for model in (Application, Drawdown, PaymentRun):
        rows = scoped(model.objects.filter(pk=OuterRef("object_id")), authority)
        condition |= Q(content_type=ContentType.objects.get_for_model(model)) & Exists(rows)
    return condition
