from django.urls import path

from . import views, views_mail, views_personal_data

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
        "donnees-personnelles/journal/",
        views_personal_data.PersonalDataJournalView.as_view(),
        name="orga_personal_data_journal",
    ),
    path(
        "donnees-personnelles/consentements/",
        views_personal_data.ConsentTextView.as_view(),
        name="orga_consent_texts",
    ),
]
