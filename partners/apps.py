from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner directory")

    def ready(self):
        from django.conf import settings

        from core.fields import register_picker
        from core.navigation import Section, register_section

        from . import documents  # noqa: F401 - registers the PDF builders
        from .widgets import OrganisationMultiplePicker, OrganisationPicker

        # Every form picking an organisation searches as you type.
        register_picker(
            "partners.Organisation", OrganisationPicker, OrganisationMultiplePicker
        )

        register_section(
            Section(
                key="partners",
                label=_("Directory"),
                url_name="partners:orga_organisation_list",
                permission="partners.view_directory",
                order=10,
                description=_(
                    "Organisations, people, partnerships and the printable aide-mémoire."
                ),
            )
        )
        register_section(
            Section(
                key="own_organisation",
                label=_("My organisation"),
                url_name="partners:partner_organisation_list",
                permission="partners.view_own_organisation",
                order=15,
                description=_(
                    "Keep your organisation's entry in the directory up to date."
                ),
            )
        )
        # Uploaded files waiting for confirmation hold declarants' personal
        # data: beat deletes those left for a day (``celery -A config beat``).
        settings.CELERY_BEAT_SCHEDULE["partners-delete-stale-import-previews"] = {
            "task": "partners.delete_stale_import_previews",
            "schedule": 3600.0,
        }
