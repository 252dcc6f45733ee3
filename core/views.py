"""Audience mixins, the dashboard and the health check."""

import logging

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from .health import check_broker, check_workers
from .navigation import sections_for

logger = logging.getLogger(__name__)


class OrganiserAreaMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Back-office pages of the network's coordinators."""

    layout_template = "layouts/organiser.html"
    permission_required = "core.coordinate"
    raise_exception = False

    def handle_no_permission(self):
        # Signed-in users without the role get a 403; visitors go to sign in.
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["layout_template"] = self.layout_template
        return context


class PartnerAreaMixin(LoginRequiredMixin):
    """Pages a partner or a funder sees once signed in."""

    layout_template = "layouts/organiser.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["layout_template"] = self.layout_template
        return context


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
        context["sections"] = sections_for(self.request.user)
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
