from django.urls import path

from applicants.views import (
    accounts, amendments, co_applicants, declarations, detail, files, form, members, organisations, overview, proof,
    submission,
)

app_name = "applicants"

ACCOUNT_URLS = [
    path("konto/registrieren/", accounts.register, name="register"),
    path("konto/registrieren/gesendet/", accounts.register_done, name="register_done"),
    path("konto/bestaetigen/<uidb64>/<token>/", accounts.register_confirm, name="register_confirm"),
    path("konto/passwort-vergessen/", accounts.PASSWORD_VIEWS["password_reset"], name="password_reset"),
    path("konto/passwort-vergessen/gesendet/", accounts.PASSWORD_VIEWS["password_reset_done"], name="password_reset_done"),
    path(
        "konto/passwort-neu/<uidb64>/<token>/",
        accounts.PASSWORD_VIEWS["password_reset_confirm"],
        name="password_reset_confirm",
    ),
    path(
        "konto/passwort-neu/fertig/", accounts.PASSWORD_VIEWS["password_reset_complete"], name="password_reset_complete"
    ),
    path("konto/passwort-aendern/", accounts.PASSWORD_VIEWS["password_change"], name="password_change"),
    path("konto/passwort-aendern/fertig/", accounts.PASSWORD_VIEWS["password_change_done"], name="password_change_done"),
    path("einladung/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("antraege/<int:pk>/erklaerungen/<str:token>/", declarations.declarations_confirm, name="declarations_confirm"),
]

ORGANISATION_URLS = [
    path("organisationen/neu/", organisations.organisation_create, name="organisation_create"),
    path("organisationen/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisationen/<int:pk>/bearbeiten/", organisations.organisation_edit, name="organisation_edit"),
    path("organisationen/<int:pk>/dokumente/neu/", organisations.document_upload, name="document_upload"),
    path(
        "organisationen/<int:pk>/dokumente/<int:document_pk>/",
        organisations.document_download,
        name="document_download",
    ),
    path(
        "organisationen/<int:pk>/dokumente/<int:document_pk>/loeschen/",
        organisations.document_delete,
        name="document_delete",
    ),
    path("organisationen/<int:pk>/mitglieder/", members.member_list, name="member_list"),
    path("organisationen/<int:pk>/mitglieder/einladen/", members.invitation_create, name="invitation_create"),
    path(
        "organisationen/<int:pk>/einladungen/<int:invitation_pk>/loeschen/",
        members.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organisationen/<int:pk>/mitglieder/<int:membership_pk>/rolle/", members.member_role, name="member_role"),
    path(
        "organisationen/<int:pk>/mitglieder/<int:membership_pk>/entfernen/", members.member_remove, name="member_remove"
    ),
]

APPLICATION_URLS = [
    path("aufrufe/", overview.call_list, name="call_list"),
    path("aufrufe/linie/<int:line_pk>/antrag/", overview.application_create, name="application_create"),
    path("antraege/<int:pk>/", detail.application_detail, name="application_detail"),
    path("antraege/<int:pk>/schritt/<slug:step>/", form.application_step, name="application_step"),
    path("antraege/<int:pk>/schritt/<slug:step>/autosave/", form.application_autosave, name="application_autosave"),
    path("antraege/<int:pk>/anlagen/", submission.application_attachments, name="application_attachments"),
    path("antraege/<int:pk>/anlagen/<int:attachment_pk>/", files.attachment_download, name="attachment_download"),
    path(
        "antraege/<int:pk>/anlagen/<int:attachment_pk>/loeschen/",
        files.attachment_delete_view,
        name="attachment_delete",
    ),
    path("antraege/<int:pk>/einreichen/", submission.application_submit, name="application_submit"),
    path("antraege/<int:pk>/pdf/", files.application_pdf, name="application_pdf"),
    path("antraege/<int:pk>/schreiben/<int:letter_pk>/", files.letter_download, name="letter_download"),
    path("antraege/<int:pk>/nachrichten/", detail.message_send, name="message_send"),
    path("antraege/<int:pk>/partner/", co_applicants.co_applicants, name="co_applicants"),
    path("antraege/<int:pk>/zurueckziehen/", detail.application_withdraw, name="application_withdraw"),
    path("antraege/<int:pk>/anhoerung/", detail.hearing_answer, name="hearing_answer"),
    path("antraege/<int:pk>/mittelabruf/", detail.drawdown_create, name="drawdown_create"),
    path("antraege/<int:pk>/aenderung/", amendments.amendment_create, name="amendment_create"),
    path("antraege/<int:pk>/nachweis/anlagen/", proof.proof_attachments, name="proof_attachments"),
    path("antraege/<int:pk>/nachweis/einreichen/", proof.proof_submit, name="proof_submit"),
    path("antraege/<int:pk>/nachweis/<slug:step>/", proof.proof_step, name="proof_step"),
    path("antraege/<int:pk>/nachweis/<slug:step>/autosave/", proof.proof_autosave, name="proof_autosave"),
]

urlpatterns = [
    path("", overview.dashboard, name="dashboard"),
    *ACCOUNT_URLS,
    *ORGANISATION_URLS,
    *APPLICATION_URLS,
]
