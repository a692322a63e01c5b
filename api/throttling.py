"""Request limits per token and, without a token, per client address."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from funding.clientip import client_ip


class _Throttle(SimpleRateThrottle):
    """Rates from ``settings.API_THROTTLE_RATES`` read at each request (so tests and operators can change them)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class TokenThrottle(_Throttle):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class PublicThrottle(_Throttle):
    """Requests without a token, per client address (behind the configured proxies)."""

    scope = "public"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}
