from django.urls import path

from . import views, views_mail, views_personal_data, views_security

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
    path(
        "donnees-personnelles/",
        views_personal_data.PrivacyNoticeView.as_view(),
        name="privacy_notice",
    ),
    path(
        "donnees-personnelles/registre.csv",
        views_personal_data.ProcessingRegisterCsvView.as_view(),
        name="processing_register_csv",
    ),
    path(
        "donnees-personnelles/personne/",
        views_personal_data.PersonalDataView.as_view(),
        name="orga_personal_data",
    ),
    path(
        "compte/securite/",
        views_security.AccountSecurityView.as_view(),
        name="account_security",
    ),
    path(
        "compte/securite/desactiver/",
        views_security.AccountSecurityRemoveView.as_view(),
        name="account_security_remove",
    ),
]
