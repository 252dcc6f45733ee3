"""“Sécurité du compte”: a coordinator or an admin sets up, or removes, the
optional second factor of their own account (``core.security``), and sees
or replaces its recovery codes. Once a device exists, these pages (like every
signed-in page) open only to a session verified by a code."""

import django_otp
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from .confirm import ConfirmDeleteMixin
from .ratelimits import count_otp_failure, otp_throttled
from .security import (
    ENROL_KEY_SESSION,
    NEW_CODES_SESSION,
    THROTTLED_CODE,
    WRONG_CODE,
    CodeForm,
    confirmed_device,
    enrol,
    enrolment_key,
    make_recovery_codes,
    provisioning,
    recovery_codes_left,
    remove_devices,
)
from .signin import redirect_to_verify
from .views import OrganiserAreaMixin


class AccountSecurityView(OrganiserAreaMixin, View):
    template_name = "core/security/account_security.html"

    def render_page(self, form=None, status=200, throttled=""):
        user = self.request.user
        context = {
            "layout_template": self.layout_template,
            "device": confirmed_device(user),
            "throttled": throttled,
        }
        if context["device"] is not None:
            # Shown once: gone from the session as the page shows them.
            context["new_codes"] = self.request.session.pop(NEW_CODES_SESSION, [])
            context["codes_left"] = recovery_codes_left(user)
        else:
            context["form"] = form or CodeForm()
            context.update(provisioning(user, enrolment_key(self.request.session)))
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        user = request.user
        if confirmed_device(user) is not None:
            return redirect("core:account_security")
        form = CodeForm(request.POST)
        if otp_throttled(request, user.pk):
            return self.render_page(status=429, throttled=THROTTLED_CODE)
        if not form.is_valid():
            return self.render_page(form)
        key = request.session.get(ENROL_KEY_SESSION)
        device = (
            enrol(user=user, key=key, code=form.cleaned_data["code"]) if key else None
        )
        if device is None:
            count_otp_failure(request, user.pk)
            form.add_error("code", WRONG_CODE)
            return self.render_page(form)
        request.session.pop(ENROL_KEY_SESSION, None)
        request.session[NEW_CODES_SESSION] = make_recovery_codes(user=user)
        # This session proved the code: the admin opens to it.
        django_otp.login(request, device)
        messages.success(
            request,
            _(
                "Two-step sign-in is on: from now on, signing in asks for a code "
                "from your app after your password."
            ),
        )
        return redirect("core:account_security")


class OwnDeviceMixin:
    """Changes to a device that exists, from a session verified by a code
    (``SignedInAreaMixin`` already asks it; checked again here, where a
    session opened before the device must never get through)."""

    def dispatch(self, request, *args, **kwargs):
        self.device = confirmed_device(request.user)
        if self.device is None:
            return redirect("core:account_security")
        if not request.user.is_verified():
            return redirect_to_verify(request)
        return super().dispatch(request, *args, **kwargs)


class RecoveryCodesView(OrganiserAreaMixin, OwnDeviceMixin, View):
    """New recovery codes in place of the old ones: confirmed, then shown
    once on the security page."""

    template_name = "core/security/recovery_codes_confirm.html"

    def get(self, request, *args, **kwargs):
        context = {
            "layout_template": self.layout_template,
            "codes_left": recovery_codes_left(request.user),
        }
        return render(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        request.session[NEW_CODES_SESSION] = make_recovery_codes(user=request.user)
        messages.success(
            request,
            _("New recovery codes are ready; the previous ones no longer work."),
        )
        return redirect("core:account_security")


class AccountSecurityRemoveView(
    OrganiserAreaMixin, OwnDeviceMixin, ConfirmDeleteMixin, View
):
    """Confirmed (STYLE §12), and only from a session signed in with a code:
    a session opened before the device was set up cannot remove it."""

    success_message = ""
    warning = ""

    def get_delete_object(self):
        return self.device

    def get_confirm_title(self, obj) -> str:
        return _("Turn off two-step sign-in")

    def get_success_url(self) -> str:
        return reverse("core:account_security")

    def get_confirm_context(self, obj) -> dict:
        return {
            "warning": _(
                "Signing in will then ask for your password only, and your "
                "recovery codes are deleted. The app's entry for Maillage can "
                "be deleted from your phone."
            )
        }

    def delete(self, obj):
        remove_devices(user=self.request.user)
        self.success_message = _("Two-step sign-in is off.")
