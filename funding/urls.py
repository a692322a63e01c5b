from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from applicants.forms.accounts import LoginForm
from funding import views
from funding.twofactor import views as twofactor

# A lost database connection answers 503 (and GET/HEAD are retried once).
handler500 = "funding.outage.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "konto/anmelden/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("konto/abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/2fa/", twofactor.otp_verify, name="otp_verify"),
    path("konto/2fa/einrichten/", twofactor.otp_setup, name="otp_setup"),
    path("konto/2fa/geraete/", twofactor.otp_devices, name="otp_devices"),
    path("konto/2fa/geraete/<str:kind>/<int:pk>/entfernen/", twofactor.otp_device_delete, name="otp_device_delete"),
    path("konto/2fa/wiederherstellungscodes/", twofactor.otp_recovery_codes, name="otp_recovery_codes"),
    path("konto/2fa/passkey/", include("funding.twofactor.webauthn")),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("so-geht-es/", views.guide, name="guide"),
    path("woerter/", views.glossary_page, name="glossary"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("portal/", include("applicants.urls")),
    path("sachbearbeitung/", include("funding.staff.urls")),
    path("berichte/", include("reports.urls")),
    path("austausch/", include("exchange.urls")),
    path("api/", include("api.urls")),
    path("offene-daten/", include("api.opendata_urls")),
]
