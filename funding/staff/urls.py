from django.urls import path

from funding.staff.views import decision, finance, letters, organisations, proof, queue, review

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
    path(application + "auszahlung/", finance.payment, name="payment"),
    path(application + "rueckzahlung/", finance.repayment, name="repayment"),
    path(application + "verwendungsnachweis/", proof.proof_audit, name="proof_audit"),
    path(application + "verwendungsnachweis/anerkennen/", proof.proof_accept_view, name="proof_accept"),
    path(application + "verwendungsnachweis/nachforderung/", proof.proof_changes, name="proof_changes"),
    path(application + "rueckforderung/", proof.recovery, name="recovery"),
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
    path("mittelabrufe/<int:pk>/entscheiden/", finance.drawdown_decision, name="drawdown_decision"),
    path("organisationen/<int:pk>/pruefen/", organisations.organisation_verify, name="organisation_verify"),
]
