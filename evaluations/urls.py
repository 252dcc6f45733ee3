from django.urls import include, path

from .views import funding, funding_results, organiser, public
from .views import questionnaire_parts as parts
from .views.budget import budget_pages
from .views.funder import funder_pages

app_name = "evaluations"

# Coordinators: /evaluations/…, behind one prefix so that answers are not
# matched against every back-office page.
Q = "questionnaires/<int:pk>"

coordinator_pages = [
    path(
        "questionnaires/",
        organiser.QuestionnaireListView.as_view(),
        name="orga_questionnaire_list",
    ),
    path(
        "questionnaires/nouveau/",
        organiser.QuestionnaireCreateView.as_view(),
        name="orga_questionnaire_create",
    ),
    path(
        f"{Q}/",
        organiser.QuestionnaireDetailView.as_view(),
        name="orga_questionnaire_detail",
    ),
    path(
        f"{Q}/modifier/",
        organiser.QuestionnaireUpdateView.as_view(),
        name="orga_questionnaire_update",
    ),
    path(
        f"{Q}/copier/",
        organiser.QuestionnaireCopyView.as_view(),
        name="orga_questionnaire_copy",
    ),
    path(
        f"{Q}/sections/nouvelle/",
        organiser.SectionCreateView.as_view(),
        name="orga_section_create",
    ),
    path(
        "sections/<int:pk>/modifier/",
        organiser.SectionUpdateView.as_view(),
        name="orga_section_update",
    ),
    path(
        "sections/<int:pk>/<str:action>/",
        organiser.ItemActionView.as_view(),
        name="orga_section_action",
    ),
    path(
        "sections/<int:section_pk>/questions/nouvelle/",
        organiser.QuestionCreateView.as_view(),
        name="orga_question_create",
    ),
    path(
        "questions/<int:pk>/modifier/",
        organiser.QuestionUpdateView.as_view(),
        name="orga_question_update",
    ),
    path(
        "questions/<int:pk>/<str:action>/",
        organiser.QuestionActionView.as_view(),
        name="orga_question_action",
    ),
    path(
        f"{Q}/diffusion/",
        organiser.DistributionView.as_view(),
        name="orga_questionnaire_share",
    ),
    path(f"{Q}/qr.svg", organiser.QrCodeView.as_view(), name="orga_questionnaire_qr"),
    path(
        f"{Q}/affiche/",
        organiser.PosterView.as_view(),
        name="orga_questionnaire_poster",
    ),
    path(
        f"{Q}/invitations/",
        organiser.InviteView.as_view(),
        name="orga_questionnaire_invite",
    ),
    path(
        f"{Q}/resultats/",
        organiser.ResultsView.as_view(),
        name="orga_questionnaire_results",
    ),
    path(
        f"{Q}/reponses/",
        organiser.TextAnswersView.as_view(),
        name="orga_answer_list",
    ),
    path(
        f"{Q}/export/<str:what>.<str:fmt>",
        organiser.ExportView.as_view(),
        name="orga_questionnaire_export",
    ),
    path(
        "reponses/<int:pk>/temoignage/",
        organiser.TestimonialCreateView.as_view(),
        name="orga_testimonial_create",
    ),
    # Running a questionnaire, its testimonials and profiles
    # (evaluations/views/questionnaire_parts.py).
    path(
        f"{Q}/qr.png",
        organiser.QrCodeView.as_view(kind="png"),
        name="orga_questionnaire_qr_png",
    ),
    path(f"{Q}/fermer/", parts.CloseNowView.as_view(), name="orga_questionnaire_close"),
    path(
        f"{Q}/relancer/", parts.RemindView.as_view(), name="orga_questionnaire_remind"
    ),
    path(
        f"{Q}/dupliquer/",
        parts.DuplicateView.as_view(),
        name="orga_questionnaire_duplicate",
    ),
    path(
        f"{Q}/profils/",
        parts.ProfilesView.as_view(),
        name="orga_questionnaire_profiles",
    ),
    path(
        f"{Q}/temoignages/",
        parts.TestimonialListView.as_view(),
        name="orga_testimonial_list",
    ),
    path(
        f"{Q}/temoignages.<str:fmt>",
        parts.TestimonialExportView.as_view(),
        name="orga_testimonial_export",
    ),
    path(
        "temoignages/<int:pk>/modifier/",
        parts.TestimonialUpdateView.as_view(),
        name="orga_testimonial_update",
    ),
    path(
        "temoignages/<int:pk>/supprimer/",
        parts.TestimonialDeleteView.as_view(),
        name="orga_testimonial_delete",
    ),
]

urlpatterns = [
    # Public, first: what phones post to.
    path(
        "q/<str:token>/merci/",
        public.ThanksView.as_view(),
        name="public_questionnaire_thanks",
    ),
    path(
        "q/<str:token>/<str:invitation_token>/",
        public.AnswerView.as_view(),
        name="public_invitation_answer",
    ),
    path(
        "q/<str:token>/",
        public.AnswerView.as_view(),
        name="public_questionnaire_answer",
    ),
    path("evaluations/", include(coordinator_pages)),
    # Funders: /espace/financements/… (evaluations/views/funder.py)
    path("espace/financements/", include(funder_pages)),
    # Funded projects and their logical framework (coordinators).
    path("financements/", include(funding.urlpatterns)),
    # Funded projects' indicators and versions (/financements/…).
    *funding_results.urlpatterns,
    # Coordinators: a funded project's budget (evaluations/views/budget.py)
    path("", include(budget_pages)),
]
