"""Self-registration of applicants with a confirmed e-mail address.

The e-mail address is the username. A new account stays inactive until
the link in the confirmation e-mail is used. Registering with an address
that already has an account never says so on the page (that would tell
strangers who uses the portal); the owner of the address gets an e-mail
instead.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlencode, urlsafe_base64_decode, urlsafe_base64_encode

from funding.models import UserPreference
from funding.notifications import queue_email


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Like the password reset token, but void once the account is active."""

    key_salt = "applicants.services.accounts.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


activation_token = ActivationTokenGenerator()


def confirmation_path(user, next_path=""):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("applicants:register_confirm", args=[uid, activation_token.make_token(user)])
    return f"{path}?{urlencode({'next': next_path})}" if next_path else path


def user_register(*, first_name, last_name, email, password, next_path=""):
    """Creates (or renews) an inactive account and sends the confirmation link.

    Both outcomes do the same work, so that the response time does not tell
    whether the address has an account: the password is hashed either way
    (the slow part) and exactly one e-mail is queued.
    """
    User = get_user_model()
    with transaction.atomic():
        password_hash = make_password(password)
        user = User.objects.filter(username__iexact=email).first()
        user = user or User.objects.filter(email__iexact=email).first()
        if user is not None and (user.is_active or user.last_login):
            queue_email("account_exists", to=[user.email], context={"user": user})
            return user
        user = user or User(username=email, email=email, is_active=False)
        user.first_name, user.last_name, user.password = first_name, last_name, password_hash
        user.save()
        # The language the person registered in is the language of their account.
        UserPreference.objects.update_or_create(user=user, defaults={"language": translation.get_language() or "de"})
        # The account is not active yet, so it does not speak for itself: the person registering reads
        # the language they registered in.
        queue_email(
            "registration_confirm",
            to=[email],
            context={"user": user, "confirm_path": confirmation_path(user, next_path)},
            language=translation.get_language(),
        )
    return user


def user_for_confirmation(uidb64, token):
    """The inactive user the link belongs to, or None for a bad or used link."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = get_user_model().objects.get(pk=pk)
    except (ValueError, OverflowError, get_user_model().DoesNotExist):
        return None
    if user.is_active or not activation_token.check_token(user, token):
        return None
    return user


def user_confirm(*, user):
    get_user_model().objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    return user
