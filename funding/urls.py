from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from applicants.forms.accounts import LoginForm
from funding import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "konto/anmelden/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("konto/abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/2fa/", views.otp_verify, name="otp_verify"),
    path("konto/2fa/einrichten/", views.otp_setup, name="otp_setup"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("portal/", include("applicants.urls")),
    path("sachbearbeitung/", include("funding.staff.urls")),
    path("berichte/", include("reports.urls")),
    path("austausch/", include("exchange.urls")),
]
