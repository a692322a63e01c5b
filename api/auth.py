"""Bearer tokens of an authority's systems; permissions by scope."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from api.models import ApiToken, token_hash

# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``; a revoked or unknown token is refused with 401."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts:
            return None
        if parts[0].lower() != b"bearer" or len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Erwartet wird der Kopf „Authorization: Bearer <Token>“."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Das Token ist ungültig oder widerrufen.")) from None
        token = (
            ApiToken.objects.select_related("authority", "acting_user")
            .filter(key_hash=token_hash(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Das Token ist ungültig oder widerrufen."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.acting_user or AnonymousUser(), token)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class HasToken(permissions.BasePermission):
    """Any valid token (read or write)."""

    def has_permission(self, request, view):
        if not isinstance(request.auth, ApiToken):
            raise exceptions.NotAuthenticated(_("Für diesen Endpunkt ist ein API-Token nötig."))
        return True


class HasWriteToken(HasToken):
    message = _("Dieses Token darf nur lesen.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.auth.can_write
