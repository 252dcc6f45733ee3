from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.conf import settings

        from core.navigation import Section, register_section

        from . import (
            documents,  # noqa: F401 - registers the PDF builders
            signals,  # noqa: F401 - connects the cache busting
        )

        register_section(
            Section(
                key="events",
                label=_("Events"),
                url_name="events:orga_event_list",
                permission="events.view_event_list",
                order=20,
                description=_(
                    "Series, programmes, registrations, meetings and minutes."
                ),
            )
        )
        register_section(
            Section(
                key="funded_events",
                label=_("My events"),
                url_name="events:partner_event_list",
                permission="events.view_funded_events",
                order=25,
                description=_("The events your organisation funds or organises."),
            )
        )
        # Registration confirmations leave through an outbox swept by beat
        # (``celery -A config beat``, or ``worker -B`` in ./dev run).
        settings.CELERY_BEAT_SCHEDULE["events-send-pending-confirmations"] = {
            "task": "events.send_pending_confirmations",
            "schedule": settings.REGISTRATION_CONFIRMATION_SWEEP_SECONDS,
        }
