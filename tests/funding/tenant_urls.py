"""Every staff URL, as the tenant walk reaches it (``tests/funding/test_tenants.py``).

``WALKED`` maps each URL name to the objects of the first authority its
arguments name; a URL that names no object is a list page, walked for the
absence of the first authority's names. A new staff URL fails the walk's
completeness test until it is listed here (or, with a reason, in ``GLOBAL``).
"""

from django.urls import URLPattern, URLResolver

from exchange import urls as exchange_urls
from funding.staff import urls as staff_urls
from reports import urls as reports_urls

# URL name -> {argument: key of the first authority's objects}
APP = {"pk": "application"}
WALKED = {
    "staff:dashboard": {}, "staff:queue": {}, "staff:bulk_jobs": {}, "staff:efile_jobs": {},
    "staff:finance_queue": {}, "staff:payment_run_create": {}, "staff:bulk_create": {},
    "staff:assisted_start": {}, "staff:assisted_step": {"pk": "application", "step": "=projekt"},
    "staff:assisted_submit": APP, "staff:assisted_attachment": APP,
    **{f"staff:{name}": APP for name in (
        "application_detail", "note_add", "message_send", "efile_download", "assign", "declare", "review", "approve",
        "reject", "decision_recuse", "repayment", "proof_audit", "proof_accept", "proof_changes", "hearing",
        "hearing_answer", "recovery", "amendment_create", "interest_claims", "interest_claim_propose",
        "interest_claim_hearing", "interest_claim_answer", "interest_claim_decide", "interest_claim_dismiss",
        "interest_repayment", "declarations",
    )},
    "staff:attachment_download": {"pk": "application", "attachment_pk": "attachment"},
    "staff:document_download": {"pk": "application", "document_pk": "document"},
    **{f"staff:{name}": {"pk": "amendment"} for name in (
        "amendment_detail", "amendment_start_review", "amendment_review", "amendment_decide")},
    "staff:letter_download": {"pk": "letter"},
    **{f"staff:{name}": {"pk": "bulk_job"} for name in ("bulk_detail", "bulk_restart", "bulk_download")},
    "staff:efile_job_start": {"call_pk": "call"},
    **{f"staff:{name}": {"pk": "efile_job"} for name in ("efile_job", "efile_job_restart", "efile_job_download")},
    "staff:organisation_merge": {"pk": "organisation", "other_pk": "organisation_b"},
    **{f"staff:{name}": {"pk": "organisation"} for name in (
        "organisation_history", "bank_details_confirm", "organisation_verify")},
    **{f"staff:{name}": {"pk": "drawdown"} for name in ("drawdown_release", "drawdown_reject", "drawdown_booking")},
    **{f"staff:{name}": {"pk": "run"} for name in (
        "payment_run", "payment_run_book", "payment_run_cancel", "payment_run_sepa", "payment_run_xlsx")},
    "staff:payment_run_remove": {"pk": "run", "drawdown_pk": "run_drawdown"},
    "reports:dashboard": {}, "reports:report_list": {}, "reports:report_new": {},
    "reports:export": {"kind": "=antraege", "fmt": "=csv"},
    **{f"reports:{name}": {"pk": "report"} for name in ("report_detail", "report_restart", "report_download")},
    **{f"exchange:{name}": {} for name in (
        "moderation_queue", "partner_list", "partner_create", "picture", "picture_export", "meeting_list",
        "meeting_create", "consultation_admin_list", "consultation_create")},
    "exchange:event_moderate": {"pk": "event"},
    "exchange:partner_edit": {"pk": "partner"},
    **{f"exchange:{name}": {"pk": "meeting"} for name in (
        "meeting_detail", "meeting_edit", "meeting_invite", "agenda_add", "document_upload", "check_in", "walk_in",
        "attendance_list", "minutes_edit", "agreement_add", "minutes_publish")},
    "exchange:agenda_decide": {"pk": "agenda_item"},
    **{f"exchange:{name}": {"pk": "consultation"} for name in (
        "consultation_manage", "consultation_edit", "consultation_open", "consultation_document_upload",
        "consultation_summary")},
}

# Staff URLs that are not (yet) separated by authority, with the reason. The walk does not cover them.
GLOBAL = {}


def _names(module, namespace, keep=lambda pattern: True):
    for pattern in module.urlpatterns:
        assert not isinstance(pattern, URLResolver), "nested staff URL modules: walk them too"
        if isinstance(pattern, URLPattern) and keep(pattern):
            yield f"{namespace}:{pattern.name}"


def staff_url_names():
    """Every staff URL name: the staff workspace, the reports and the exchange's KI pages (under ``ki/``)."""
    names = set(_names(staff_urls, "staff")) | set(_names(reports_urls, "reports"))
    names |= set(_names(exchange_urls, "exchange", lambda p: str(p.pattern).startswith("ki/")))
    return names
