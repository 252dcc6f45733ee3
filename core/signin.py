"""Sign-in, slowed down after repeated failures for one account or one address,
and its second step for those who set up a second factor (``core.security``).

The password step of a user with a confirmed device does not sign in: it
keeps who passed it (and where to go next) in the session for a few minutes
and asks for the code on ``/accounts/login/code/``, throttled like the
password. The right code signs in, with the session marked as verified.
"""

import time

import django_otp
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from .ratelimits import (
    count_login_failure,
    count_otp_failure,
    login_throttled,
    otp_throttled,
)
from .security import THROTTLED_CODE, WRONG_CODE, CodeForm, confirmed_device

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


class LoginCodeView(View):
    """The second step: the code of the authenticator app."""

    template_name = "registration/login_code.html"

    def dispatch(self, request, *args, **kwargs):
        self.user, self.pending = _pending_user(request)
        self.device = confirmed_device(self.user) if self.user else None
        if self.device is None:
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form, status=200, throttled=""):
        context = {"form": form, "throttled": throttled}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(CodeForm())

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        if otp_throttled(request, self.user.pk):
            return self.render_form(CodeForm(), status=429, throttled=THROTTLED_CODE)
        if not form.is_valid():
            return self.render_form(form)
        device = django_otp.verify_token(
            self.user, self.device.persistent_id, form.cleaned_data["code"]
        )
        if device is None:
            count_otp_failure(request, self.user.pk)
            form.add_error("code", WRONG_CODE)
            return self.render_form(form)
        request.session.pop(PENDING_SESSION, None)
        auth.login(request, self.user, backend=self.pending["backend"])
        django_otp.login(request, device)
        return redirect(self.success_url())

    def success_url(self) -> str:
        url = self.pending.get("next") or ""
        if url_has_allowed_host_and_scheme(
            url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return url
        return reverse("core:dashboard")
