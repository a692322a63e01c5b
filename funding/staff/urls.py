from django.urls import path

from funding.staff.views import amendments, decision, finance, letters, organisations, proof, queue, review

app_name = "staff"

application = "antraege/<int:pk>/"

urlpatterns = [
    path("", queue.dashboard, name="dashboard"),
    path("antraege/", queue.queue, name="queue"),
    path(application, queue.application_detail, name="application_detail"),
    path(application + "notiz/", queue.note_add, name="note_add"),
    path(application + "nachricht/", queue.message_send, name="message_send"),
    path(application + "anlagen/<int:attachment_pk>/", queue.attachment_download, name="attachment_download"),
    path(application + "vereinsdokumente/<int:document_pk>/", queue.document_download, name="document_download"),
    path(application + "zuweisen/", review.assign, name="assign"),
    path(application + "befangenheit/", review.declare, name="declare"),
    path(application + "pruefung/", review.review, name="review"),
    path(application + "bewilligen/", decision.approve, name="approve"),
    path(application + "ablehnen/", decision.reject, name="reject"),
    path(application + "befangen/", decision.recuse, name="decision_recuse"),
    path(application + "rueckzahlung/", finance.repayment, name="repayment"),
    path(application + "verwendungsnachweis/", proof.proof_audit, name="proof_audit"),
    path(application + "verwendungsnachweis/anerkennen/", proof.proof_accept_view, name="proof_accept"),
    path(application + "verwendungsnachweis/nachforderung/", proof.proof_changes, name="proof_changes"),
    path(application + "anhoerung/", proof.hearing, name="hearing"),
    path(application + "anhoerung/stellungnahme/", proof.hearing_answer, name="hearing_answer"),
    path(application + "rueckforderung/", proof.recovery, name="recovery"),
    path(application + "aenderung/neu/", amendments.amendment_create, name="amendment_create"),
    path("aenderungen/<int:pk>/", amendments.amendment_detail, name="amendment_detail"),
    path("aenderungen/<int:pk>/pruefen/", amendments.amendment_start_review, name="amendment_start_review"),
    path("aenderungen/<int:pk>/pruefvermerk/", amendments.amendment_review, name="amendment_review"),
    path("aenderungen/<int:pk>/entscheiden/", amendments.amendment_decide, name="amendment_decide"),
    path("schreiben/<int:pk>/", letters.letter_download, name="letter_download"),
    path("sammelbescheide/", letters.bulk_jobs, name="bulk_jobs"),
    path("sammelbescheide/neu/", letters.bulk_create, name="bulk_create"),
    path("sammelbescheide/<int:pk>/", letters.bulk_detail, name="bulk_detail"),
    path("sammelbescheide/<int:pk>/neu-starten/", letters.bulk_restart, name="bulk_restart"),
    path("sammelbescheide/<int:pk>/zip/", letters.bulk_download, name="bulk_download"),
    path("organisationen/<int:pk>/verlauf/", organisations.organisation_history, name="organisation_history"),
    path(
        "organisationen/<int:pk>/bankverbindung-bestaetigen/",
        organisations.bank_details_confirm_view,
        name="bank_details_confirm",
    ),
    path("mittelabrufe/", finance.finance_queue, name="finance_queue"),
    path("mittelabrufe/<int:pk>/freigeben/", finance.drawdown_release_view, name="drawdown_release"),
    path("mittelabrufe/<int:pk>/ablehnen/", finance.drawdown_reject_view, name="drawdown_reject"),
    path("mittelabrufe/<int:pk>/buchen/", finance.drawdown_booking, name="drawdown_booking"),
    path("zahllaeufe/neu/", finance.payment_run_create, name="payment_run_create"),
    path("zahllaeufe/<int:pk>/", finance.payment_run, name="payment_run"),
    path("zahllaeufe/<int:pk>/buchen/", finance.payment_run_book_view, name="payment_run_book"),
    path("zahllaeufe/<int:pk>/verwerfen/", finance.payment_run_cancel_view, name="payment_run_cancel"),
    path("zahllaeufe/<int:pk>/entfernen/<int:drawdown_pk>/", finance.payment_run_remove_view, name="payment_run_remove"),
    path("zahllaeufe/<int:pk>/sepa.xml", finance.payment_run_sepa, name="payment_run_sepa"),
    path("zahllaeufe/<int:pk>/zahllauf.xlsx", finance.payment_run_xlsx, name="payment_run_xlsx"),
    path("organisationen/<int:pk>/pruefen/", organisations.organisation_verify, name="organisation_verify"),
]
