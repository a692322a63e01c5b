"""The two row locks every write that checks a limit takes.

Lock order: the call first, then the application, so two writers never
wait for each other crosswise. On PostgreSQL these are ``SELECT … FOR
UPDATE`` on exactly one row (``of=("self",)``: the joined call, line and
organisation rows stay unlocked); SQLite ignores the clause, and its
``IMMEDIATE`` transactions serialise writers instead. Both helpers must run
inside ``transaction.atomic()``.
"""

from funding.models import Application, FundingCall

APPLICATION_RELATED = ("call", "line", "organisation")


def lock_call(call_id):
    """The call row, locked: budget and file-reference counter are stable until commit."""
    return FundingCall.objects.select_for_update().get(pk=call_id)


def lock_application(application_id, *, related=APPLICATION_RELATED):
    """The application row, locked, with ``related`` loaded but not locked."""
    return Application.objects.select_for_update(of=("self",)).select_related(*related).get(pk=application_id)


def lock_row(model, pk):
    """One row of ``model`` (a drawdown, payment run, amendment, organisation), locked.

    Taken after the call and the application, never before them.
    """
    return model.objects.select_for_update(of=("self",)).get(pk=pk)
