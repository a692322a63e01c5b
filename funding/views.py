"""Project-wide views: start page by role, health check, second factor."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from funding import roles
from funding.forms import OTPTokenForm


def home(request):
    """Sends everyone to the start page of their role."""
    if not request.user.is_authenticated:
        return redirect("login")
    if roles.is_staff_member(request.user):
        return redirect("staff:dashboard")
    return redirect("applicants:dashboard")


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def accessibility(request):
    return render(request, "accessibility.html")


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Second factor: a code from the user's authenticator app."""
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("otp_setup")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = next((d for d in devices if d.verify_token(form.cleaned_data["token"])), None)
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", form.invalid_message)
    return render(request, "registration/otp_verify.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrols an authenticator app; the code confirms the device."""
    device, _created = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False, defaults={"name": "App"})
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            return redirect("home")
        form.add_error("token", form.invalid_message)
    context = {"form": form, "config_url": device.config_url, "secret": _base32(device.bin_key)}
    return render(request, "registration/otp_setup.html", context)


def _base32(key):
    import base64

    return base64.b32encode(key).decode()


def _safe_next(request):
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "home"
