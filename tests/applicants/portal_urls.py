"""The portal's URLs with the objects to fill them, for the tests that walk them all."""

from django.urls import URLPattern

from applicants import urls

# Pages anyone may open (registration, password reset, invitation landing, the link to confirm the
# declarations of an assisted application: the signed token is the proof, tests/funding/test_assisted.py).
PUBLIC = {
    "register", "register_done", "register_confirm", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "invitation_accept", "declarations_confirm",
}
# Pages of the user's own account, with no organisation's data.
OWN_ACCOUNT = {
    "dashboard", "call_list", "application_create", "organisation_create", "password_change", "password_change_done",
}


def kwargs_for(name, o):
    org, draft, approved = o["organisation"].pk, o["draft"].pk, o["approved"].pk
    table = {
        "organisation_detail": {"pk": org}, "organisation_edit": {"pk": org},
        "document_upload": {"pk": org}, "member_list": {"pk": org}, "invitation_create": {"pk": org},
        "document_download": {"pk": org, "document_pk": o["document"].pk},
        "document_delete": {"pk": org, "document_pk": o["document"].pk},
        "invitation_revoke": {"pk": org, "invitation_pk": o["invitation"].pk},
        "member_role": {"pk": org, "membership_pk": o["membership"].pk},
        "member_remove": {"pk": org, "membership_pk": o["membership"].pk},
        "application_create": {"line_pk": o["draft"].line_id},
        "application_detail": {"pk": draft}, "application_attachments": {"pk": draft},
        "application_submit": {"pk": draft}, "application_pdf": {"pk": draft}, "message_send": {"pk": approved},
        "application_withdraw": {"pk": draft}, "drawdown_create": {"pk": approved}, "amendment_create": {"pk": approved},
        "hearing_answer": {"pk": approved}, "co_applicants": {"pk": draft},
        "declarations_confirm": {"pk": draft, "token": "not-signed"},
        "application_step": {"pk": draft, "step": "projekt"},
        "application_autosave": {"pk": draft, "step": "kosten"},
        "attachment_download": {"pk": draft, "attachment_pk": o["attachment"].pk},
        "attachment_delete": {"pk": draft, "attachment_pk": o["attachment"].pk},
        "letter_download": {"pk": approved, "letter_pk": o["letter"].pk},
        "proof_step": {"pk": approved, "step": "zahlen"}, "proof_autosave": {"pk": approved, "step": "belege"},
        "proof_attachments": {"pk": approved}, "proof_submit": {"pk": approved},
    }
    return table.get(name, {})


def portal_url_names():
    return [pattern.name for pattern in urls.urlpatterns if isinstance(pattern, URLPattern)]
