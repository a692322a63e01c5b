"""Second factor: authenticator apps (TOTP), recovery codes, passkeys.

Rules that close the set-up bypass:

- A user without any confirmed device may enrol a first one after the
  password (trust on first use; staff accounts are created by the office).
- Every further change (another app, a passkey, new recovery codes,
  removing a device) needs a session that passed the second factor.
- An administrator may remove all of a user's devices (lost phone); every
  such reset is recorded with who, when and whom.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from funding.models import SecondFactorReset
from funding.services.transitions import WorkflowError

RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"
RECOVERY_CODE_COUNT = 10
# Devices that verify a typed code; passkeys verify through their own views.
CODE_DEVICES = (TOTPDevice, StaticDevice)


def has_second_factor(user):
    """True when the user has at least one confirmed device of any kind."""
    return any(devices_for_user(user, confirmed=True))


def may_change_devices(request):
    """A verified session, or a first enrolment (no confirmed device yet)."""
    user = request.user
    return user.is_authenticated and (user.is_verified() or not has_second_factor(user))


def _require_change_allowed(request):
    if not may_change_devices(request):
        raise PermissionDenied


def totp_pending_device(request):
    """The unconfirmed authenticator app being set up in this enrolment."""
    _require_change_allowed(request)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").last()
    if device is None:
        number = TOTPDevice.objects.filter(user=request.user).count() + 1
        device = TOTPDevice.objects.create(user=request.user, confirmed=False, name=_("App %(n)s") % {"n": number})
    return device


def totp_confirm(*, request, device, token):
    """Confirms the app with its first code; returns new recovery codes on first enrolment."""
    _require_change_allowed(request)
    first = not has_second_factor(request.user)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user, confirmed=False)
        if not device.verify_token(token):
            raise WorkflowError(_("Der Code ist nicht gültig. Bitte geben Sie den aktuellen Code aus Ihrer App ein."))
        device.confirmed = True
        device.save()
        codes = recovery_codes_generate(user=request.user) if first else []
    return device, codes


def recovery_codes_generate(*, user):
    """Replaces the user's recovery codes with new ones and returns them (shown once)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": RECOVERY_DEVICE_NAME})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_regenerate(*, request):
    if not request.user.is_verified():
        raise PermissionDenied
    return recovery_codes_generate(user=request.user)


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def normalise_token(token):
    return "".join(token.split()).replace("-", "").lower()


def verify_code(user, token):
    """The device that accepts ``token`` (an app code or a recovery code), or None.

    A recovery code is deleted when it is used. Devices throttle repeated
    failures themselves (django-otp's ThrottlingMixin).
    """
    token = normalise_token(token)
    with transaction.atomic():
        for model in CODE_DEVICES:
            for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
                if device.verify_is_allowed()[0] and device.verify_token(token):
                    return device
    return None


def user_devices(user):
    """(kind, device) for the devices page: apps, passkeys; recovery codes are counted apart."""
    apps = [("app", device) for device in TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")]
    keys = [("passkey", device) for device in WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")]
    return apps + keys


def device_for_user(user, kind, pk):
    """One of the user's own apps or passkeys; DoesNotExist for anything else."""
    model = {"app": TOTPDevice, "passkey": WebAuthnCredential}[kind]
    return model.objects.get(user=user, confirmed=True, pk=pk)


def device_delete(*, request, device):
    """Removes one app or passkey; the last one stays (replace it by adding another first)."""
    if not request.user.is_verified() or device.user_id != request.user.pk:
        raise PermissionDenied
    with transaction.atomic():
        if len(user_devices(request.user)) <= 1:
            raise WorkflowError(
                _("Das ist Ihr einziges Gerät. Richten Sie zuerst ein anderes ein, dann können Sie dieses entfernen.")
            )
        device.delete()


def second_factor_reset(*, user, by):
    """Removes every device of ``user`` (apps, passkeys, recovery codes) and records it."""
    if not (by.is_superuser or by.has_perm("funding.add_secondfactorreset")):
        raise PermissionDenied
    with transaction.atomic():
        removed = [f"{type(device).__name__}: {device.name}" for device in devices_for_user(user, confirmed=None)]
        for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
            model.objects.filter(user=user).delete()
        return SecondFactorReset.objects.create(user=user, reset_by=by, devices="\n".join(removed))
