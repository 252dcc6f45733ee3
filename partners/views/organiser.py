"""The coordinators' directory pages."""

from django.views.generic import DetailView, ListView

from core.views import OrganiserAreaMixin

from ..selectors import organisations_for_directory


class OrganisationListView(OrganiserAreaMixin, ListView):
    permission_required = "partners.view_directory"
    template_name = "partners/organiser/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 25

    def get_queryset(self):
        return organisations_for_directory()


class OrganisationDetailView(OrganiserAreaMixin, DetailView):
    permission_required = "partners.view_directory"
    template_name = "partners/organiser/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return organisations_for_directory()
