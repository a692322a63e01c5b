"""Partner organisations (co-applicants) on an application, added by its representative."""

from django.db import transaction
from django.utils.translation import gettext as _

from applicants.models import CoApplicant, Organisation
from applicants.services.drafts import is_editable
from funding.services.locks import lock_application
from funding.services.transitions import WorkflowError
from funding.workflow import is_representative

SEARCH_LIMIT = 10


def partner_search(*, application, query):
    """Organisations whose name contains ``query``, except the applicant and those already added."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    taken = CoApplicant.objects.filter(application=application).values("organisation_id")
    return list(
        Organisation.objects.filter(name__icontains=query)
        .exclude(pk=application.organisation_id)
        .exclude(pk__in=taken)
        .select_related("municipality")
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )


def co_applicant_add(*, application, user, organisation_id):
    with transaction.atomic():
        app = _locked_for(application, user)
        organisation = Organisation.objects.filter(pk=organisation_id).exclude(pk=app.organisation_id).first()
        if organisation is None:
            raise WorkflowError(_("Diese Organisation gibt es nicht. Bitte suchen Sie sie noch einmal."))
        co_applicant, _created = CoApplicant.objects.get_or_create(
            application=app, organisation=organisation, defaults={"added_by": user}
        )
    return co_applicant


def co_applicant_remove(*, application, user, co_applicant_id):
    with transaction.atomic():
        app = _locked_for(application, user)
        CoApplicant.objects.filter(application=app, pk=co_applicant_id).delete()


def _locked_for(application, user):
    app = lock_application(application.pk, related=("organisation",))
    if not is_representative(app, user):
        raise WorkflowError(_("Nur eine vertretungsberechtigte Person kann Partner hinzufügen oder entfernen."))
    if not is_editable(app):
        raise WorkflowError(_("Partner können nur geändert werden, solange der Antrag bearbeitet werden kann."))
    return app
