"""Tenants: which authority each row belongs to, and the one filter every staff read goes through.

Every model with data of an authority has a path to it here (``PATHS``).
``scoped(queryset, authority)`` narrows to one authority (the API's tokens);
``for_staff(queryset, user, role=None)`` narrows to the authorities where the
user holds a role (a given one, or any): rows of any other authority are
then not found, exactly as if they did not exist.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q

from funding import roles

AUTHORITY = "call__programme__authority"
VIA_APPLICATION = f"application__{AUTHORITY}"


def _paths():
    from funding import models as m

    paths = {
        m.Authority: "pk",
        m.FundingProgramme: "authority",
        m.FundingCall: "programme__authority",
        m.FundingLine: AUTHORITY,
        m.Application: AUTHORITY,
        m.PaymentRun: "authority",
        m.EfileExportJob: "call__programme__authority",
        m.StaffRole: "authority",
    }
    for model in (m.Attachment, m.CostLine, m.Review, m.Decision, m.Drawdown, m.Payment, m.ProofOfUse, m.Letter,
                  m.Message, m.Note, m.Amendment, m.Hearing, m.Recovery, m.Repayment, m.ReminderSent):
        paths[model] = VIA_APPLICATION
    return paths


_PATHS = {}


def path_to_authority(model):
    """The lookup from ``model`` to its authority; ValueError for a model without one."""
    if not _PATHS:
        _PATHS.update(_paths())
    if model not in _PATHS:
        raise ValueError(f"{model.__name__} has no path to an authority")
    return _PATHS[model]


def _kept_figures(model):
    """The kept figures (``StateCount``, ``ReportCell``) hold a plain call id, no relation."""
    return model._meta.label in ("funding.StateCount", "funding.ReportCell")


def scoped(queryset, authority):
    """The rows of ``queryset`` that belong to ``authority``; nothing of any other."""
    model = queryset.model
    if _kept_figures(model):
        from funding.models import FundingCall

        return queryset.filter(call_id__in=scoped(FundingCall.objects.all(), authority).values("pk"))
    if model._meta.label == "django_fsm_log.StateLog":
        return queryset.filter(_state_log_scope([getattr(authority, "pk", authority)]))
    return queryset.filter(**{path_to_authority(model): authority})


def for_staff(queryset, user, role=None):
    """The rows of ``queryset`` in the authorities where ``user`` holds ``role`` (any staff role when None)."""
    if user.is_superuser:
        return queryset
    ids = roles.authorities_of(user, role)
    model = queryset.model
    if _kept_figures(model):
        from funding.models import FundingCall

        return queryset.filter(call_id__in=for_staff(FundingCall.objects.all(), user, role).values("pk"))
    if model._meta.label == "django_fsm_log.StateLog":
        return queryset.filter(_state_log_scope(ids))
    return queryset.filter(**{f"{path_to_authority(model)}__in": ids})


def authority_of(obj):
    """The authority id an object belongs to (follows its path attribute by attribute; cached relations are free)."""
    path = path_to_authority(type(obj)._meta.concrete_model)
    if path == "pk":
        return obj.pk
    value = obj
    for part in path.split("__")[:-1]:
        value = getattr(value, part)
    return getattr(value, f"{path.split('__')[-1]}_id")


def _state_log_scope(ids):
    """Transition log rows of the authorities' applications, drawdowns and payment runs.

    Correlated EXISTS per row (an index lookup each), so a page of the
    change feed costs the same however many rows there are.
    """
    from funding.models import Application, Drawdown, PaymentRun

    condition = Q(pk__in=[])
    for model in (Application, Drawdown, PaymentRun):
        rows = model.objects.filter(pk=OuterRef("object_id"), **{f"{path_to_authority(model)}__in": ids})
        condition |= Q(content_type=ContentType.objects.get_for_model(model)) & Exists(rows)
    return condition
