"""API tokens: one per system of an authority, with a scope; only a hash is stored."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "mso_"


def token_hash(raw):
    """The stored form of a token: its SHA-256 (tokens are long and random, so no salt is needed)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """Access of one system of one authority (e.g. its finance or e-file system).

    The token itself is shown once, when it is created; the database keeps
    its SHA-256 and the first characters to recognise it. A revoked token
    stays as a record of who had access.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Lesen")
        WRITE = "write", _("Lesen und Schreiben")

    authority = models.ForeignKey(
        "funding.Authority", models.PROTECT, related_name="api_tokens", verbose_name=_("Behörde")
    )
    name = models.CharField(_("Bezeichnung"), max_length=100, help_text=_("z. B. „Finanzverfahren“ oder „E-Akte“"))
    scope = models.CharField(_("Berechtigung"), max_length=10, choices=Scope.choices, default=Scope.READ)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Handelt als"),
        help_text=_(
            "Nur für Schreibrechte: das Konto, in dessen Namen Schritte gebucht werden (z. B. eine Person der Kasse). "
            "Es gelten dessen Rollen und das Vier-Augen-Prinzip."
        ),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("Beginn des Tokens"), max_length=12, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("Zuletzt benutzt"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("Widerrufen am"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    @property
    def can_write(self):
        return self.scope == self.Scope.WRITE

    def issue(self):
        """Sets a new random token on this (unsaved) row and returns it; the only time it is readable."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.key_hash, self.key_prefix = token_hash(raw), raw[:12]
        return raw
