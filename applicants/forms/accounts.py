"""Registration and password reset for applicants."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funding.notifications import queue_email


# Every rule of AUTH_PASSWORD_VALIDATORS, all at once, before the first try.
PASSWORD_RULES = _(
    "Ihr Passwort braucht alle diese Regeln: mindestens 8 Zeichen; nicht nur Ziffern; kein bekanntes, "
    "einfaches Passwort (wie „passwort123“); nicht ähnlich wie Ihr Name oder Ihre E-Mail-Adresse."
)


class RegistrationForm(forms.Form):
    first_name = forms.CharField(
        label=_("Vorname"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Nachname"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=150,
        help_text=_("An diese Adresse schicken wir einen Link zur Bestätigung. Sie ist später Ihr Benutzername."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        help_text=PASSWORD_RULES,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        help_text=_("Bitte geben Sie das gleiche Passwort noch einmal ein."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Die beiden Passwörter sind nicht gleich."))
        elif password1:
            self._validate_password(password1, cleaned)
        return cleaned

    def _validate_password(self, password, cleaned):
        probe = get_user_model()(
            username=cleaned.get("email", ""),
            email=cleaned.get("email", ""),
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        try:
            password_validation.validate_password(password, probe)
        except forms.ValidationError as error:
            self.add_error("password1", error)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form; the e-mail goes out through the task queue."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None):
        path = reverse("applicants:password_reset_confirm", args=[context["uid"], context["token"]])
        queue_email("password_reset", to=[to_email], context={"user": context["user"], "reset_path": path})


class LoginForm(AuthenticationForm):
    """Django's login form; an e-mail address as username is found in any case.

    Self-registered applicants have their e-mail address as username; people
    type it as "Samira@Example.org" as often as in lower case.
    """

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if "@" in username:
            matches = get_user_model().objects.filter(username__iexact=username).values_list("username", flat=True)
            found = list(matches[:2])
            if len(found) == 1:
                return found[0]
        return username
