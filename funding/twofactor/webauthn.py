"""Passkeys (django-otp-webauthn) as a second factor after the password.

Passwordless login is off (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN): the
authentication views only verify a user who already entered the password.
A passkey is registered only in a session that passed the second factor.
"""

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as library

app_name = "otp_webauthn"


class _VerifiedSessionOnly:
    def check_can_register(self):
        if not self.request.user.is_verified():
            raise exceptions.NotVerified()


class BeginRegistration(_VerifiedSessionOnly, library.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(_VerifiedSessionOnly, library.CompleteCredentialRegistrationView):
    pass


urlpatterns = [
    path("registrierung/beginnen/", BeginRegistration.as_view(), name="credential-registration-begin"),
    path("registrierung/abschliessen/", CompleteRegistration.as_view(), name="credential-registration-complete"),
    path(
        "anmeldung/beginnen/",
        library.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "anmeldung/abschliessen/",
        library.CompleteCredentialAuthenticationView.as_view(),
        name="credential-authentication-complete",
    ),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
