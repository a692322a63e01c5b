"""Authentication backend that keeps demo passwords out of production."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from funding.demo import DEMO_PASSWORD


class ProductionSafeModelBackend(ModelBackend):
    """Django's backend, refusing the demo password when DEBUG is off.

    seed_demo only runs with DEBUG on; should a demo database ever be
    served in production, its logins still do not work.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password == DEMO_PASSWORD and not settings.DEBUG:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
