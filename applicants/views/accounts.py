"""Registration with e-mail confirmation; password reset and change."""

from django.contrib import messages
from django.contrib.auth import login
from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applicants.forms.accounts import QueuedPasswordResetForm, RegistrationForm
from applicants.services.accounts import user_confirm, user_for_confirmation, user_register

LOGIN_BACKEND = "funding.backends.ProductionSafeModelBackend"


def safe_next(request, default="applicants:dashboard"):
    """The ``next`` parameter when it points into this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("applicants:dashboard")
    form = RegistrationForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user_register(
            first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
            password=data["password1"], next_path=safe_next(request, default=""),
        )
        request.session["registered_email"] = data["email"]
        return redirect("applicants:register_done")
    return render(request, "registration/register.html", {"form": form, "next": safe_next(request, default="")})


def register_done(request):
    return render(request, "registration/register_done.html", {"email": request.session.get("registered_email", "")})


@require_http_methods(["GET", "POST"])
def register_confirm(request, uidb64, token):
    """The link from the e-mail; a button confirms (links are often opened by mail scanners)."""
    user = user_for_confirmation(uidb64, token)
    if user is None:
        return render(request, "registration/register_invalid.html", status=400)
    if request.method == "POST":
        user_confirm(user=user)
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(request, _("Willkommen! Ihre E-Mail-Adresse ist bestätigt."))
        return redirect(safe_next(request))
    return render(request, "registration/register_confirm.html", {"confirm_user": user, "next": safe_next(request, "")})


class UnlockingPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts the user's login lockouts.

    Whoever can read the user's e-mail may set a new password anyway, so the
    lock (which an attacker may have caused on purpose) has served its purpose.
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


PASSWORD_VIEWS = {
    "password_reset": auth_views.PasswordResetView.as_view(
        form_class=QueuedPasswordResetForm, success_url=reverse_lazy("applicants:password_reset_done")
    ),
    "password_reset_done": auth_views.PasswordResetDoneView.as_view(),
    "password_reset_confirm": UnlockingPasswordResetConfirmView.as_view(
        success_url=reverse_lazy("applicants:password_reset_complete")
    ),
    "password_reset_complete": auth_views.PasswordResetCompleteView.as_view(),
    "password_change": auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("applicants:password_change_done")),
    "password_change_done": auth_views.PasswordChangeDoneView.as_view(),
}
