from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.conf import settings

        from .navigation import Section, register_section

        register_section(
            Section(
                key="outbox",
                label=_("E-mails"),
                url_name="core:orga_mail_list",
                permission="core.coordinate",
                order=90,
                description=_("Every e-mail the platform sends, and its delivery."),
            )
        )
        register_section(
            Section(
                key="accounts",
                label=_("Accounts"),
                url_name="core:orga_account_list",
                permission="core.coordinate",
                order=92,
                description=_(
                    "Partners' and funders' accounts: create them, send the "
                    "link to choose a password, deactivate them."
                ),
            )
        )
        register_section(
            Section(
                key="personal-data",
                label=_("Personal data"),
                url_name="core:orga_personal_data",
                permission="core.coordinate",
                order=95,
                description=_(
                    "A person's data: export it, or anonymise it on request "
                    "(GDPR); who did what; the consent texts."
                ),
            )
        )
        # Outbox rows whose task never ran (broker or worker down at commit)
        # or whose retry was lost (``celery -A config beat``, or ``worker -B``).
        settings.CELERY_BEAT_SCHEDULE["core-send-pending-mail"] = {
            "task": "core.send_pending_mail",
            "schedule": settings.OUTBOX_SWEEP_SECONDS,
        }
        # Participants' personal data past its retention period, once a day.
        settings.CELERY_BEAT_SCHEDULE["core-anonymise-expired-registrations"] = {
            "task": "core.anonymise_expired_registrations",
            "schedule": 24 * 3600.0,
        }
