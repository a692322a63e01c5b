"""The one entry point that changes an application's state.

``perform_transition`` locks the row, checks state, permission and
conditions, runs the django-fsm transition (which writes the log row with
who, when and why), saves, and lets the caller write the step's data and
queue its side effects in the same transaction. Services for single steps
(``funding.services.applications`` and friends) call it; nothing else does.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from funding import summary
from funding.models import Application
from funding.services.locks import lock_application, lock_call, lock_row
from funding.workflow import machine_transitions

# Steps that read or change call-wide data (reference counter, budget) lock
# the call row first; always call before application, so locks never cross.
_CALL_LOCKING = {"submit", "submit_assisted", "approve", "approve_amendment"}


class WorkflowError(Exception):
    """A step that cannot be taken; ``messages`` are shown to the user."""

    def __init__(self, messages):
        self.messages = [str(m) for m in ([messages] if isinstance(messages, str) else messages)]
        super().__init__(" ".join(self.messages))


def perform_transition(application, name, *, user, reason="", prepare=None, after=None):
    """Runs transition ``name`` on ``application`` for ``user``.

    ``application`` may also be a row of the other machines
    (``funding.money_workflow``: a drawdown, a payment run, an amendment):
    their application row is locked first (and the call row before it for
    steps that touch the budget), then the row itself.

    ``prepare(app)`` sets the data the conditions look at (amounts, reasons)
    on the locked row; ``after(app)`` writes related rows and queues side
    effects once the new state is saved. Returns the locked, updated row.
    """
    if name not in machine_transitions(type(application)):
        raise ValueError(f"Unknown transition {name!r}")
    with transaction.atomic():
        app = _lock(application, name)
        method = getattr(app, name)
        _check_allowed(app, method, user)
        if prepare is not None:
            prepare(app)
        _check_conditions(app, method)
        method(by=user, description=reason or None)
        app._history_user = user  # the change history names who took the step
        app.save()
        if after is not None:
            after(app)
        application_id = app.pk if isinstance(app, Application) else getattr(app, "application_id", None)
        if application_id:
            summary.update(application_id)  # counts and report figures, in this transaction
    return app


def _lock(row, name):
    """The locked row, in the one lock order: call, application, then the row itself."""
    application_id = row.pk if isinstance(row, Application) else getattr(row, "application_id", None)
    call_id = getattr(row, "call_id", None) or (row.application.call_id if application_id else None)
    call = lock_call(call_id) if name in _CALL_LOCKING else None
    app = lock_application(application_id) if application_id else None
    if app is not None and call is not None:
        app.call = call  # the locked row: after(app) may use its counter and budget
    if isinstance(row, Application):
        return app
    locked = lock_row(type(row), row.pk)
    if app is not None:
        locked.application = app
    return locked


def _check_allowed(app, method, user):
    if not can_proceed(method, check_conditions=False):
        if isinstance(app, Application):
            message = _("Dieser Schritt ist nicht möglich: Der Antrag hat inzwischen den Status „%(state)s“.")
        else:
            message = _("Dieser Schritt ist nicht möglich: Der Vorgang hat inzwischen den Status „%(state)s“.")
        field = getattr(app, "state_field_name", "state")
        raise WorkflowError(message % {"state": getattr(app, f"get_{field}_display")()})
    state = getattr(app, getattr(app, "state_field_name", "state"))
    if not method._django_fsm.has_transition_perm(app, state, user):
        raise PermissionDenied(_("Sie sind für diesen Schritt nicht berechtigt."))


def _check_conditions(app, method):
    transition = method._django_fsm.get_transition(getattr(app, getattr(app, "state_field_name", "state")))
    unmet = []
    for condition in transition.conditions:
        if not condition(app):
            details = getattr(condition, "details", None)
            unmet.extend(details(app) if details else [condition.message])
    if unmet:
        raise WorkflowError(unmet)
