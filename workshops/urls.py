from django.urls import path

from .views import board, organiser, syntheses, tablelocks, votes

app_name = "workshops"

E = "ateliers/<int:pk>/"

urlpatterns = [
    path(
        "ateliers/",
        organiser.WorkshopEventListView.as_view(),
        name="orga_workshop_list",
    ),
    path(E, organiser.EventWorkshopsView.as_view(), name="orga_event_workshops"),
    path(
        E + "nouveau/",
        organiser.WorkshopCreateView.as_view(),
        name="orga_workshop_create",
    ),
    path(
        E + "<int:workshop>/modifier/",
        organiser.WorkshopUpdateView.as_view(),
        name="orga_workshop_update",
    ),
    path(
        E + "<int:workshop>/supprimer/",
        organiser.WorkshopDeleteView.as_view(),
        name="orga_workshop_delete",
    ),
    path(E + "choix/", organiser.ChoiceListView.as_view(), name="orga_choice_list"),
    path(
        E + "choix/<int:registration>/",
        organiser.ChoiceUpdateView.as_view(),
        name="orga_choice_update",
    ),
    path(E + "repartir/", organiser.AssignView.as_view(), name="orga_assign"),
]
urlpatterns += syntheses.urlpatterns
urlpatterns += board.urlpatterns
urlpatterns += votes.urlpatterns
urlpatterns += tablelocks.urlpatterns
