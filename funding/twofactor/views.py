"""Pages of the second factor: verify, enrol an app, manage devices, recovery codes."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from funding.forms import OTPTokenForm, VerifyCodeForm
from funding.services import second_factor as services
from funding.services.transitions import WorkflowError

SESSION_CODES = "otp_new_recovery_codes"


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _to_verify(request, next_path):
    return redirect(f"{reverse('otp_verify')}?{urlencode({'next': next_path})}")


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Second factor at login: an app code, a recovery code or a passkey."""
    if not services.has_second_factor(request.user):
        return redirect("otp_setup")
    if request.user.is_verified():
        return redirect(_safe_next(request))
    form = VerifyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_code(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", form.invalid_message)
    context = {
        "form": form,
        "next": _safe_next(request, default=""),
        "has_passkey": WebAuthnCredential.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return render(request, "registration/otp_verify.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrols an authenticator app: first enrolment, or a further app in a verified session."""
    if not services.may_change_devices(request):
        messages.info(request, _("Bitte bestätigen Sie zuerst Ihre Anmeldung mit Ihrem bisherigen zweiten Faktor."))
        return _to_verify(request, reverse("otp_setup"))
    device = services.totp_pending_device(request)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.totp_confirm(request=request, device=device, token=form.cleaned_data["token"])
        except WorkflowError:
            form.add_error("token", form.invalid_message)
        else:
            if not request.user.is_verified():
                otp_login(request, device)
            if codes:
                request.session[SESSION_CODES] = codes
                return redirect("otp_recovery_codes")
            messages.success(request, _("Die App ist eingerichtet."))
            return redirect("otp_devices")
    context = {"form": form, "config_url": device.config_url, "secret": _base32(device.bin_key)}
    return render(request, "registration/otp_setup.html", context)


def _base32(key):
    return base64.b32encode(key).decode()


def _verified_or_redirect(request, here):
    """None for a verified session; else where the user has to go first."""
    if request.user.is_verified():
        return None
    if not services.has_second_factor(request.user):
        return redirect("otp_setup")
    return _to_verify(request, reverse(here))


@login_required
@require_GET
def otp_devices(request):
    """The user's apps and passkeys, recovery codes, and adding or removing them."""
    detour = _verified_or_redirect(request, "otp_devices")
    if detour:
        return detour
    context = {
        "devices": services.user_devices(request.user),
        "codes_left": services.recovery_codes_left(request.user),
    }
    return render(request, "registration/otp_devices.html", context)


@login_required
@require_POST
def otp_device_delete(request, kind, pk):
    detour = _verified_or_redirect(request, "otp_devices")
    if detour:
        return detour
    try:
        device = services.device_for_user(request.user, kind, pk)
    except (KeyError, WebAuthnCredential.DoesNotExist, TOTPDevice.DoesNotExist):
        raise Http404 from None
    try:
        services.device_delete(request=request, device=device)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("„%(name)s“ ist entfernt.") % {"name": device.name})
    return redirect("otp_devices")


@login_required
@require_http_methods(["GET", "POST"])
def otp_recovery_codes(request):
    """Shows new recovery codes once; POST replaces all codes with new ones."""
    detour = _verified_or_redirect(request, "otp_devices")
    if detour:
        return detour
    if request.method == "POST":
        request.session[SESSION_CODES] = services.recovery_codes_regenerate(request=request)
        return redirect("otp_recovery_codes")
    codes = request.session.pop(SESSION_CODES, None)
    if not codes:
        return redirect("otp_devices")
    response = render(request, "registration/otp_recovery_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response
