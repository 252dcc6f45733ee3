from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Documents")

    def ready(self):
        from django.conf import settings

        from core.navigation import Section, register_section

        register_section(
            Section(
                key="reports",
                label=_("Documents"),
                url_name="reports:job_list",
                permission="reports.view_job_list",
                order=50,
                description=_(
                    "PDF documents: minutes, programmes, directory, reports."
                ),
            )
        )
        # Jobs whose worker died or whose message was lost go back to the
        # workers (``celery -A config beat``, or ``worker -B`` in ./dev run).
        settings.CELERY_BEAT_SCHEDULE["reports-requeue-stale-jobs"] = {
            "task": "reports.requeue_stale_jobs",
            "schedule": settings.REPORTS_REQUEUE_EVERY_SECONDS,
        }
