from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def questionnaire_links(event):
    """The public event page links to its open participants' questionnaire."""
    from core.extensions import Link

    from .selectors import open_questionnaire_for_event

    questionnaire = open_questionnaire_for_event(event)
    if questionnaire is None:
        return []
    return [
        Link(
            label=str(_("Give your opinion on this event")),
            url=questionnaire.get_public_url(),
            description=str(questionnaire.title),
        )
    ]


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from core.extensions import register_event_public_links
        from core.navigation import Section, register_section

        from . import (
            documents_bilan,  # noqa: F401 - registers the bilans' PDFs
            documents_evaluation,  # noqa: F401 - registers the evaluation report
            documents_financial,  # noqa: F401 - registers the compte-rendu financier
            documents_poster,  # noqa: F401 - registers the questionnaire's poster
            signals,  # noqa: F401 - connects the cache busting
        )

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
        register_section(
            Section(
                key="funder_projects",
                label=_("My funded projects"),
                url_name="evaluations:funder_project_list",
                permission="evaluations.view_funder_space",
                order=22,
                description=_(
                    "The projects your organisation funds: their evaluations, "
                    "indicators and documents."
                ),
            )
        )
        register_section(
            Section(
                key="funding",
                label=_("Funding"),
                url_name="evaluations:funding_list",
                permission="evaluations.change_funded_project",
                order=45,
                description=_(
                    "Funded projects, their logical framework and the versions "
                    "submitted to the funders."
                ),
            )
        )
        register_event_public_links(questionnaire_links)
