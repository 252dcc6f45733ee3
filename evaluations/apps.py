from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from core.navigation import Section, register_section

        register_section(
            Section(
                key="evaluations",
                label=_("Evaluations"),
                url_name="evaluations:orga_questionnaire_list",
                permission="evaluations.view_evaluation_area",
                order=40,
                description=_(
                    "Satisfaction questionnaires and logical-framework evaluations."
                ),
            )
        )
