"""Audience mixins, the home page (the dashboard) and the health check."""

import logging

import rules
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from .health import check_broker, check_workers
from .home import coordinator_week
from .navigation import sections_for
from .signin import SecondFactorMixin

logger = logging.getLogger(__name__)


class SignedInAreaMixin(SecondFactorMixin, LoginRequiredMixin):
    """What a signed-in page answers to those it is not for.

    - A visitor who is not signed in goes to the sign-in page (then back).
    - A signed-in user without the role gets a 404 on a page whose address
      names something (an object's id, a token, a file format), so that the
      existence of ids never leaks, and a 403 on a section's entry page
      (``/annuaire/``, ``/evenements/``), whose existence is no secret.

    Objects are looked up through their model's ``for_user(user)`` scope, so
    one outside the user's scope is a 404 too (STYLE.md §3 and §12).

    - A user who set up a second factor, in a session not verified by a code
      (opened before the device was), is first asked for the code
      (``core:verify_code``), then comes back.
    """

    layout_template = "layouts/organiser.html"
    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated and self.kwargs:
            raise Http404
        # AccessMixin: 403 for the signed-in, the sign-in page for visitors.
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["layout_template"] = self.layout_template
        return context


class OrganiserAreaMixin(SignedInAreaMixin, PermissionRequiredMixin):
    """Back-office pages of the network's coordinators."""

    permission_required = "core.coordinate"


class PartnerAreaMixin(SignedInAreaMixin):
    """Pages a partner or a funder sees once signed in.

    Views add rules' ``PermissionRequiredMixin`` after this mixin when the
    page needs a role; refusals follow ``SignedInAreaMixin``.
    """


class PublicAreaMixin:
    """Anonymous pages: phone-first layout, no navigation bar."""

    layout_template = "layouts/public.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["layout_template"] = self.layout_template
        return context


class DashboardView(PartnerAreaMixin, TemplateView):
    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["sections"] = sections_for(user)
        # A coordinator's home holds the week's work; partners and funders
        # keep the entries of their own sections.
        if rules.has_perm("core.coordinate", user):
            context["week"] = coordinator_week(user=user)
        return context


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


class HealthView(View):
    """``GET /healthz``: 200 when database, broker and workers answer, else 503."""

    checks = {
        "database": check_database,
        "broker": check_broker,
        "workers": check_workers,
    }

    def get(self, request, *args, **kwargs):
        report, healthy = {}, True
        for name, check in self.checks.items():
            if name == "workers" and not report.get("broker", {}).get("ok", True):
                # Workers are reached through the broker: asking would only hang.
                report[name] = {"ok": False, "error": "broker unavailable"}
                healthy = False
                continue
            try:
                detail = check()
            except Exception as error:  # any failure is the answer, not a 500
                logger.warning("Health check %s failed: %s", name, error)
                report[name] = {
                    "ok": False,
                    "error": str(error) or type(error).__name__,
                }
                healthy = False
            else:
                report[name] = {"ok": True, **({"detail": detail} if detail else {})}
        if not healthy:
            report["failing"] = [
                name for name, part in report.items() if not part["ok"]
            ]
        return JsonResponse(report, status=200 if healthy else 503)


def ratelimited(request, exception=None):
    """django-ratelimit's answer: a kind French page with status 429."""
    return render(
        request,
        "core/ratelimited.html",
        {
            "message": _(
                "Too many attempts in a short time. Please try again in a minute."
            )
        },
        status=429,
    )
