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
BY_PLACE = "municipality__"  # rows that belong to their municipality's authority


def _paths():
    from exchange import models as x
    from funding import models as m
    from reports.models import FundingReport

    paths = {
        m.Authority: "pk",
        m.FundingProgramme: "authority",
        m.FundingCall: "programme__authority",
        m.FundingLine: AUTHORITY,
        m.Application: AUTHORITY,
        m.PaymentRun: "authority",
        m.EfileExportJob: "call__programme__authority",
        m.StaffRole: "authority",
        m.BulkLetterJob: "authority",
        FundingReport: "authority",
        x.Meeting: "authority",
        x.Consultation: "authority",
        x.Event: "municipality__authority",
        x.Partner: "municipality__authority",
        x.Profile: "municipality__authority",
    }
    for model in (m.Attachment, m.CostLine, m.Review, m.Decision, m.Drawdown, m.Payment, m.ProofOfUse, m.Letter,
                  m.Message, m.Note, m.Amendment, m.Hearing, m.Recovery, m.Repayment, m.ReminderSent,
                  m.DeclarationRequest):
        paths[model] = VIA_APPLICATION
    for model in (x.AgendaItem, x.MeetingDocument, x.MeetingInvitation, x.Agreement):
        paths[model] = "meeting__authority"
    for model in (x.ConsultationQuestion, x.ConsultationDocument, x.Statement):
        paths[model] = "consultation__authority"
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
    return within(queryset, roles.authorities_of(user, role))


def for_roles(queryset, user, names):
    """The rows of ``queryset`` in the authorities where ``user`` holds any of the roles ``names``."""
    if user.is_superuser:
        return queryset
    return within(queryset, frozenset().union(*(roles.authorities_of(user, name) for name in names)))


def within(queryset, ids):
    """The rows of ``queryset`` that belong to one of the authorities ``ids``."""
    model = queryset.model
    if _kept_figures(model):
        from funding.models import FundingCall

        return queryset.filter(call_id__in=within(FundingCall.objects.all(), ids).values("pk"))
    if model._meta.label == "django_fsm_log.StateLog":
        return queryset.filter(_state_log_scope(ids))
    path = path_to_authority(model)
    if path.startswith(BY_PLACE):
        # A municipality not yet given to an authority is shared by all (docs/decisions.md, tenancy).
        return queryset.filter(Q(**{f"{path}__in": ids}) | Q(**{f"{path}__isnull": True}))
    return queryset.filter(**{f"{path}__in": ids})


def municipalities(ids):
    """The municipalities in the area of the authorities ``ids``, and those not given to any authority yet."""
    from applicants.models import Municipality

    return Municipality.objects.filter(Q(authority__in=ids) | Q(authority__isnull=True))


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
