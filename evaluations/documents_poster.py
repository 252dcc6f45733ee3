"""The A4 poster of a questionnaire's open link (``affiche-questionnaire``):
the event, a call to answer, the QR code (with its four-module quiet zone)
and the address, as a PDF from the reports pipeline.

Registered with ``reports`` from ``EvaluationsConfig.ready()``; rendered by
the reports pipeline in a Celery worker, never in a web request.
"""

import segno
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.registry import PdfBuilder, Plan, Section, register

from .views.organiser import QR_QUIET_ZONE


class QuestionnairePosterBuilder(PdfBuilder):
    """Coordinators only: who sees the questionnaire (its ``for_user``)."""

    kind = "affiche-questionnaire"
    label = gettext_lazy("Questionnaire poster")
    template_name = "reports/pdf/affiche-questionnaire.html"
    model = "evaluations.Questionnaire"

    def scope(self, user):
        return super().scope(user).select_related("event")

    def can_request(self, user, obj) -> bool:
        return user.has_perm("evaluations.change_questionnaire")

    def source_version(self, obj, parameters: dict) -> str:
        return repr([obj.updated_at, obj.event.title, settings.SITE_URL])

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Poster — %(title)s") % {"title": obj.title}

    def filename(self, obj, parameters: dict) -> str:
        return f"affiche-{slugify(obj.title)[:60]}"

    def plan(self, obj, parameters: dict) -> Plan:
        url = settings.SITE_URL.rstrip("/") + obj.get_public_url()
        qr_uri = segno.make(url, error="m").svg_data_uri(scale=8, border=QR_QUIET_ZONE)
        return Plan(
            title=obj.title,
            context={"kind": self.kind, "questionnaire": obj},
            sections=[
                Section(
                    context={
                        "event_title": obj.event.title,
                        "url": url,
                        "qr_uri": qr_uri,
                        "anonymous": obj.is_anonymous,
                    }
                )
            ],
        )


register(QuestionnairePosterBuilder())
