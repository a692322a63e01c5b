"""Issuing and revoking API tokens (the admin calls these)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken


def token_create(*, authority, name, scope, acting_user=None, created_by=None):
    """A new token; returns (row, the token in clear text, shown this once)."""
    token = ApiToken(authority=authority, name=name, scope=scope, acting_user=acting_user)
    return token, token_issue(token=token, created_by=created_by)


def token_issue(*, token, created_by=None):
    """Saves the unsaved ``token`` with a new secret and returns the secret in clear text."""
    problems = token_problems(scope=token.scope, acting_user=token.acting_user)
    if problems:
        raise ValidationError(problems)
    raw = token.issue()
    token.created_by = created_by
    token.full_clean()
    token.save()
    return raw


def token_problems(*, scope, acting_user):
    """{field: message} of what keeps a token from being issued."""
    if scope == ApiToken.Scope.WRITE and acting_user is None:
        return {"acting_user": _("Ein Token mit Schreibrecht handelt im Namen eines Kontos: bitte wählen.")}
    return {}


def token_revoke(*, token):
    """Revokes the token at once; the row stays as a record. Revoking twice changes nothing."""
    with transaction.atomic():
        return ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
