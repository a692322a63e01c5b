"""What a staff member is offered on an application's page.

Which workflow steps are open comes from the state machine
(``funding.workflow.offered_transitions``: state and permission); this
module only knows the page where each step is taken and how its button
reads. Work beside the workflow (assigning a reviewer, starting an
amendment) is offered by the state groups of ``funding.workflow``.
"""

from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funding import roles
from funding.tenancy import authority_of
from funding.workflow import AMENDABLE_STATES, ASSIGNABLE_STATES, can_audit_proof, offered_transitions


class Page(NamedTuple):
    url_name: str
    label: str
    style: str = "button"


REVIEW = Page("staff:review", _("Prüfen"))
PROOF_AUDIT = Page("staff:proof_audit", _("Verwendungsnachweis prüfen"))
# The page of each transition, in the order the buttons appear.
PAGES = {
    "start_review": REVIEW,
    "request_changes": REVIEW,
    "approve": Page("staff:approve", _("Bewilligen")),
    "reject": Page("staff:reject", _("Ablehnen"), "button button-danger"),
    "accept_proof": PROOF_AUDIT,
    "accept_proof_with_final_payment": PROOF_AUDIT,
    "accept_proof_with_refund": PROOF_AUDIT,
    "request_proof_changes": PROOF_AUDIT,
    "start_hearing": Page("staff:hearing", _("Anhörung zur Rückforderung"), "button button-danger"),
    "decide_recovery": Page("staff:recovery", _("Rückforderung entscheiden"), "button button-danger"),
    "record_repayment": Page("staff:repayment", _("Rückzahlung buchen")),
}


def staff_actions(application, user):
    """The page's action links and what else the user may do here.

    Returns a dict for the template: ``actions`` (url, label, style; one per
    page), ``offered`` (transition names) and the work beside the workflow.
    """
    offered = offered_transitions(application, user)
    pages = list(dict.fromkeys(page for name, page in PAGES.items() if name in offered))
    actions = [
        {"url": reverse(page.url_name, args=[application.pk]), "label": page.label, "style": page.style} for page in pages
    ]
    if PROOF_AUDIT not in pages and hasattr(application, "proof") and can_audit_proof(application, user):
        url = reverse(PROOF_AUDIT.url_name, args=[application.pk])
        actions.append({"url": url, "label": _("Verwendungsnachweis ansehen"), "style": "button button-secondary"})
    assignable = application.state in ASSIGNABLE_STATES
    return {
        "actions": actions,
        "offered": offered,
        "may_assign": roles.is_approver(user, authority_of(application)) and assignable,
        "may_take_over": REVIEW in pages and assignable and application.assigned_reviewer_id is None,
        "may_amend": (roles.is_reviewer(user, authority_of(application)) or roles.is_approver(user, authority_of(application))) and application.state in AMENDABLE_STATES,
    }
