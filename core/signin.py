"""Sign-in, slowed down after repeated failures for one account or one address,
and its second step for those who set up a second factor (``core.security``).

The password step of a user with a confirmed device does not sign in: it
keeps who passed it (and where to go next) in the session for a few minutes
and asks for the code on ``/accounts/login/code/``, throttled like the
password. The right code signs in, with the session marked as verified.

A session already signed in but not verified (opened before the device was
set up) is sent by every signed-in page to ``/compte/verifier/``, which asks
the same code, throttled the same way, then goes back to the page asked.
Both accept a recovery code instead of the app's.
"""

import time
from urllib.parse import urlencode

import django_otp
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_htmx.http import HttpResponseClientRedirect
from django_otp.plugins.otp_static.models import StaticDevice

from .ratelimits import (
    count_login_failure,
    count_otp_failure,
    login_throttled,
    otp_throttled,
)
from .security import (
    FEW_RECOVERY_CODES,
    THROTTLED_CODE,
    SignInCodeForm,
    confirmed_device,
    recovery_codes_left,
    second_factor_satisfied,
    verify_code,
)

THROTTLED_MESSAGE = _(
    "Too many failed sign-in attempts for this account or from this network. "
    "Please wait 15 minutes before trying again, or reset your password."
)
PENDING_SESSION = "core_signin_pending"
# Time to fetch the phone and type the code after the password.
PENDING_SECONDS = 5 * 60


class LoginView(auth_views.LoginView):
    """Django's sign-in page; once an account or an address has failed too
    often, every attempt (even with the right password) is refused for a
    while, with the form kept and a French message, status 429."""

    def post(self, request, *args, **kwargs):
        if login_throttled(request):
            # The password is not even checked; the username stays typed.
            form = self.get_form_class()(
                request, initial={"username": request.POST.get("username", "")[:150]}
            )
            context = self.get_context_data(form=form, throttled=THROTTLED_MESSAGE)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        count_login_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        # The password was right: the code comes next.
        self.request.session[PENDING_SESSION] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("login_code")


def _pending_user(request):
    pending = request.session.get(PENDING_SESSION)
    if not isinstance(pending, dict):
        return None, None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_SESSION, None)
        messages.warning(
            request, gettext("The sign-in took too long: please sign in again.")
        )
        return None, None
    user = (
        auth.get_user_model()
        ._default_manager.filter(pk=pending.get("user"), is_active=True)
        .first()
    )
    return user, pending


def safe_next(request, url: str | None) -> str:
    """``url`` if it stays on this site, else the dashboard."""
    url = url or ""
    if url.isprintable() and url_has_allowed_host_and_scheme(
        url,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return url
    return reverse("core:dashboard")


class SecondFactorMixin:
    """A session opened before its user set up a second factor gives the code
    first (``core:verify_code``), then comes back to the page asked."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not second_factor_satisfied(request.user):
            return redirect_to_verify(request)
        return super().dispatch(request, *args, **kwargs)


class PasswordChangeView(SecondFactorMixin, auth_views.PasswordChangeView):
    """Django's, asked the code first as every signed-in page: a session
    opened before the device cannot change the password either."""


def redirect_to_verify(request):
    """To the code page, then back to this page."""
    url = (
        f"{reverse('core:verify_code')}?{urlencode({'next': request.get_full_path()})}"
    )
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _recovery_code_used(request, user) -> None:
    left = recovery_codes_left(user)
    text = ngettext(
        "You used a recovery code: %(count)d is left.",
        "You used a recovery code: %(count)d are left.",
        left,
    ) % {"count": left}
    if left > FEW_RECOVERY_CODES:
        messages.info(request, text)
        return
    messages.warning(
        request,
        text + " " + gettext("Generate new ones on the “Account security” page."),
    )


class CodeStepMixin:
    """Asks ``self.user`` for the app's code or a recovery code, throttled
    per account and per address; ``verified(device)`` answers the right one."""

    template_name = "registration/login_code.html"

    def render_form(self, form, status=200, throttled=""):
        context = {"form": form, "throttled": throttled, **self.page_context()}
        return render(self.request, self.template_name, context, status=status)

    def page_context(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        return self.render_form(SignInCodeForm())

    def post(self, request, *args, **kwargs):
        form = SignInCodeForm(request.POST)
        if otp_throttled(request, self.user.pk):
            return self.render_form(
                SignInCodeForm(), status=429, throttled=THROTTLED_CODE
            )
        if not form.is_valid():
            return self.render_form(form)
        device = verify_code(
            user=self.user,
            code=form.cleaned_data["code"],
            recovery=form.is_recovery_code,
        )
        if device is None:
            count_otp_failure(request, self.user.pk)
            form.add_error("code", form.wrong_code_message())
            return self.render_form(form)
        return self.verified(device)

    def mark_verified(self, device) -> None:
        django_otp.login(self.request, device)
        if isinstance(device, StaticDevice):
            _recovery_code_used(self.request, self.user)


class LoginCodeView(CodeStepMixin, View):
    """The second step of signing in."""

    def dispatch(self, request, *args, **kwargs):
        self.user, self.pending = _pending_user(request)
        self.device = confirmed_device(self.user) if self.user else None
        if self.device is None:
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def verified(self, device):
        request = self.request
        request.session.pop(PENDING_SESSION, None)
        auth.login(request, self.user, backend=self.pending["backend"])
        self.mark_verified(device)
        return redirect(safe_next(request, self.pending.get("next")))


class VerifyCodeView(LoginRequiredMixin, CodeStepMixin, View):
    """A session signed in without a code, of a user who has since set up
    the app: the code, then the page asked (``next``)."""

    def dispatch(self, request, *args, **kwargs):
        self.user = request.user
        if self.user.is_authenticated and second_factor_satisfied(self.user):
            return redirect(safe_next(request, request.GET.get("next")))
        return super().dispatch(request, *args, **kwargs)

    def page_context(self) -> dict:
        return {"verifying": True}

    def verified(self, device):
        # A session that gains rights gets a new key.
        self.request.session.cycle_key()
        self.mark_verified(device)
        return redirect(safe_next(self.request, self.request.GET.get("next")))
