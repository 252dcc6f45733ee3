from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from core.extensions import register_registration_extra
        from core.navigation import Section, register_section

        from . import documents_wsdocs  # noqa: F401  (registers the PDFs)
        from .forms_registration import registration_choices

        register_registration_extra(registration_choices)

        register_section(
            Section(
                key="workshops",
                label=_("Workshops"),
                url_name="workshops:orga_workshop_list",
                permission="workshops.view_workshop_list",
                order=30,
                description=_("Workshops, participants' choices and mixed tables."),
            )
        )
