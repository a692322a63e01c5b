from django.urls import path

from funding.staff import views_decision, views_finance, views_letters, views_proof, views_queue, views_review

app_name = "staff"

application = "antraege/<int:pk>/"

urlpatterns = [
    path("", views_queue.dashboard, name="dashboard"),
    path("antraege/", views_queue.queue, name="queue"),
    path(application, views_queue.application_detail, name="application_detail"),
    path(application + "notiz/", views_queue.note_add, name="note_add"),
    path(application + "nachricht/", views_queue.message_send, name="message_send"),
    path(application + "anlagen/<int:attachment_pk>/", views_queue.attachment_download, name="attachment_download"),
    path(application + "vereinsdokumente/<int:document_pk>/", views_queue.document_download, name="document_download"),
    path(application + "zuweisen/", views_review.assign, name="assign"),
    path(application + "befangenheit/", views_review.declare, name="declare"),
    path(application + "pruefung/", views_review.review, name="review"),
    path(application + "bewilligen/", views_decision.approve, name="approve"),
    path(application + "ablehnen/", views_decision.reject, name="reject"),
    path(application + "auszahlung/", views_finance.payment, name="payment"),
    path(application + "rueckzahlung/", views_finance.repayment, name="repayment"),
    path(application + "verwendungsnachweis/", views_proof.proof_audit, name="proof_audit"),
    path(application + "verwendungsnachweis/anerkennen/", views_proof.proof_accept_view, name="proof_accept"),
    path(application + "verwendungsnachweis/nachforderung/", views_proof.proof_changes, name="proof_changes"),
    path(application + "rueckforderung/", views_proof.recovery, name="recovery"),
    path("schreiben/<int:pk>/", views_letters.letter_download, name="letter_download"),
    path("sammelbescheide/", views_letters.bulk_jobs, name="bulk_jobs"),
    path("sammelbescheide/neu/", views_letters.bulk_create, name="bulk_create"),
    path("sammelbescheide/<int:pk>/", views_letters.bulk_detail, name="bulk_detail"),
    path("sammelbescheide/<int:pk>/zip/", views_letters.bulk_download, name="bulk_download"),
    path("mittelabrufe/", views_finance.finance_queue, name="finance_queue"),
    path("mittelabrufe/<int:pk>/entscheiden/", views_finance.drawdown_decision, name="drawdown_decision"),
]
