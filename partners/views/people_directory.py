"""The people of the directory, searchable (issue 14)."""

from django.db.models import Prefetch
from django.views.generic import ListView

from core.views import OrganiserAreaMixin

from ..models import Membership, Person


class PersonDirectoryView(OrganiserAreaMixin, ListView):
    """Everyone in the directory, in French alphabetical order, with their
    organisations; ``q`` matches names, e-mails and organisations, ignoring
    accents and case."""

    permission_required = "partners.view_directory"
    template_name = "partners/organiser/person_directory.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:100]
        people = Person.objects.all()
        if self.query:
            people = people.search(self.query)
        return people.order_by("sort_name", "pk").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation").order_by(
                    "organisation__sort_name", "pk"
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        context["query_string"] = f"q={self.query}" if self.query else ""
        return context
