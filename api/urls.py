from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from api.views import docs, public, records

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.swagger_ui, name="docs"),
    path("v1/calls/", public.CallList.as_view(), name="calls"),
    path("v1/grants/", public.GrantList.as_view(), name="grants"),
    path("v1/applications/", records.ApplicationList.as_view(), name="applications"),
    path("v1/applications/<int:pk>/", records.ApplicationDetail.as_view(), name="application"),
    path("v1/decisions/", records.DecisionList.as_view(), name="decisions"),
    path("v1/payments/", records.PaymentList.as_view(), name="payments"),
    path("v1/payment-runs/", records.PaymentRunList.as_view(), name="payment_runs"),
    path("v1/payment-runs/<int:pk>/", records.PaymentRunDetail.as_view(), name="payment_run"),
    path("v1/payment-runs/<int:pk>/book/", records.PaymentRunBook.as_view(), name="payment_run_book"),
    path("v1/proofs/", records.ProofList.as_view(), name="proofs"),
    path("v1/letters/", records.LetterList.as_view(), name="letters"),
    path("v1/letters/<int:pk>/file/", records.LetterFile.as_view(), name="letter_file"),
    path("v1/changes/", records.ChangeList.as_view(), name="changes"),
    re_path(r"^", public.NotFound.as_view()),
]
