from django.urls import path

from . import views, views_mail

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path(
        "courriels/", views_mail.OutboundMailListView.as_view(), name="orga_mail_list"
    ),
    path(
        "courriels/<int:pk>/renvoyer/",
        views_mail.OutboundMailRetryView.as_view(),
        name="orga_mail_retry",
    ),
]
