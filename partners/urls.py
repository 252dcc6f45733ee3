from django.urls import path

from .views import organiser

app_name = "partners"

urlpatterns = [
    path(
        "annuaire/",
        organiser.OrganisationListView.as_view(),
        name="orga_organisation_list",
    ),
    path(
        "annuaire/<int:pk>/",
        organiser.OrganisationDetailView.as_view(),
        name="orga_organisation_detail",
    ),
]
