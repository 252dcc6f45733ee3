from django.urls import path

from .views import organiser

app_name = "events"

urlpatterns = [
    path("evenements/", organiser.EventListView.as_view(), name="orga_event_list"),
    path(
        "evenements/<int:pk>/",
        organiser.EventDetailView.as_view(),
        name="orga_event_detail",
    ),
]
