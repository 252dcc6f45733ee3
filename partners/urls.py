from django.urls import include, path

from .views import organiser, partner, people_directory, picker, public

app_name = "partners"

# The directory: /annuaire/…, behind one prefix.
directory_pages = [
    path(
        "",
        organiser.OrganisationListView.as_view(),
        name="orga_organisation_list",
    ),
    path(
        "nouvelle/",
        organiser.OrganisationCreateView.as_view(),
        name="orga_organisation_create",
    ),
    path(
        "<int:pk>/",
        organiser.OrganisationDetailView.as_view(),
        name="orga_organisation_detail",
    ),
    path(
        "<int:pk>/modifier/",
        organiser.OrganisationUpdateView.as_view(),
        name="orga_organisation_update",
    ),
    path(
        "<int:pk>/fusionner/",
        organiser.OrganisationMergeView.as_view(),
        name="orga_organisation_merge",
    ),
    path(
        "<int:pk>/personnes/",
        organiser.MemberCreateView.as_view(),
        name="orga_member_create",
    ),
    path(
        "<int:pk>/partenariats/",
        organiser.PartnershipCreateView.as_view(),
        name="orga_partnership_create",
    ),
    path(
        "partenariats/<int:pk>/convention/",
        partner.PartnershipConventionView.as_view(),
        name="partnership_convention",
    ),
    path(
        "<int:pk>/lien-mise-a-jour/",
        organiser.UpdateLinkView.as_view(),
        name="orga_update_link_send",
    ),
    path(
        "mises-a-jour/",
        organiser.ChangeRequestListView.as_view(),
        name="orga_changerequest_list",
    ),
    path(
        "mises-a-jour/<int:pk>/",
        organiser.ChangeRequestReviewView.as_view(),
        name="orga_changerequest_review",
    ),
    path(
        "vocabulaires/",
        organiser.VocabularyView.as_view(),
        name="orga_vocabulary_list",
    ),
    path(
        "vocabulaires/<str:kind>/<int:pk>/",
        organiser.VocabularyRenameView.as_view(),
        name="orga_vocabulary_update",
    ),
    path(
        "vocabulaires/<str:kind>/<int:pk>/supprimer/",
        organiser.VocabularyDeleteView.as_view(),
        name="orga_vocabulary_delete",
    ),
    path("import/", organiser.ImportUploadView.as_view(), name="orga_import"),
    path(
        "import/<str:token>/",
        organiser.ImportPreviewView.as_view(),
        name="orga_import_preview",
    ),
    path(
        "import/<str:token>/rejets.csv",
        organiser.ImportRejectedView.as_view(),
        name="orga_import_rejected",
    ),
    path(
        "contacts/",
        people_directory.PersonDirectoryView.as_view(),
        name="orga_person_directory",
    ),
    path(
        "choisir/",
        picker.OrganisationPickerView.as_view(),
        name="organisation_picker",
    ),
    path(
        "export.<str:file_format>",
        organiser.ExportView.as_view(),
        name="orga_export",
    ),
]

urlpatterns = [
    path("annuaire/", include(directory_pages)),
    path(
        "espace-partenaire/ma-structure/",
        partner.PartnerOrganisationListView.as_view(),
        name="partner_organisation_list",
    ),
    path(
        "espace-partenaire/ma-structure/<int:pk>/modifier/",
        partner.PartnerOrganisationUpdateView.as_view(),
        name="partner_organisation_update",
    ),
    path(
        "mise-a-jour/<str:token>/",
        public.OrganisationSelfUpdateView.as_view(),
        name="public_organisation_update",
    ),
]
