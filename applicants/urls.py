from django.urls import path

from applicants import views

app_name = "applicants"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("antraege/<int:pk>/", views.application_detail, name="application_detail"),
]
