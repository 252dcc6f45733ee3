from django.urls import path

from . import (
    signin,
    views,
    views_accounts,
    views_mail,
    views_personal_data,
    views_security,
)

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
    path(
        "compte/securite/",
        views_security.AccountSecurityView.as_view(),
        name="account_security",
    ),
    path(
        "compte/securite/codes/",
        views_security.RecoveryCodesView.as_view(),
        name="account_security_codes",
    ),
    path("compte/verifier/", signin.VerifyCodeView.as_view(), name="verify_code"),
    path(
        "compte/securite/desactiver/",
        views_security.AccountSecurityRemoveView.as_view(),
        name="account_security_remove",
    ),
    path(
        "comptes/", views_accounts.AccountListView.as_view(), name="orga_account_list"
    ),
    path(
        "comptes/nouveau/",
        views_accounts.AccountCreateView.as_view(),
        name="orga_account_create",
    ),
    path(
        "comptes/<int:pk>/",
        views_accounts.AccountUpdateView.as_view(),
        name="orga_account_update",
    ),
    path(
        "comptes/<int:pk>/desactiver/",
        views_accounts.AccountDeactivateView.as_view(),
        name="orga_account_deactivate",
    ),
    path(
        "comptes/<int:pk>/reactiver/",
        views_accounts.AccountReactivateView.as_view(),
        name="orga_account_reactivate",
    ),
    path(
        "comptes/<int:pk>/envoyer-lien/",
        views_accounts.AccountSendLinkView.as_view(),
        name="orga_account_send_link",
    ),
]
