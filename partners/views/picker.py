"""The organisation and people pickers' searches (``partners/widgets.py``)."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.views import View

from core.views import OrganiserAreaMixin

from ..models import Membership, Organisation, Person
from ..widgets import PICKER_RESULTS


class OrganisationPickerView(OrganiserAreaMixin, View):
    """Up to ``PICKER_RESULTS`` organisations matching ``q``, in French
    alphabetical order, as buttons the picker turns into its choice."""

    permission_required = "partners.view_directory"

    def get(self, request):
        query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        organisations = []
        if query:
            organisations = list(
                Organisation.objects.for_user(request.user)
                .search(query)
                .only("name", "acronym", "postal_code", "commune")
                .order_by("-is_active", "sort_name", "pk")[: PICKER_RESULTS + 1]
            )
        return render(
            request,
            "partners/widgets/organisation_picker_results.html",
            {
                "organisations": organisations[:PICKER_RESULTS],
                "more": len(organisations) > PICKER_RESULTS,
                "shown": PICKER_RESULTS,
                "query": query,
            },
        )


class PersonPickerView(OrganiserAreaMixin, View):
    """Up to ``PICKER_RESULTS`` people the user may see matching ``q`` (name,
    e-mail or organisation, accents and case ignored), in alphabetical
    order with their current organisations, as buttons the people picker
    turns into its choice."""

    permission_required = "partners.view_directory"

    def get(self, request):
        query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        people = []
        if query:
            current = Membership.objects.filter(ended_on__isnull=True).select_related(
                "organisation"
            )
            people = list(
                Person.objects.for_user(request.user)
                .search(query)
                .only("first_name", "last_name", "sort_name")
                .prefetch_related(
                    Prefetch(
                        "memberships",
                        queryset=current.only(
                            "person_id", "organisation__name", "organisation__acronym"
                        ).order_by("organisation__sort_name", "pk"),
                        to_attr="current_memberships",
                    )
                )
                .order_by("sort_name", "pk")[: PICKER_RESULTS + 1]
            )
        return render(
            request,
            "partners/widgets/person_picker_results.html",
            {
                "people": people[:PICKER_RESULTS],
                "more": len(people) > PICKER_RESULTS,
                "shown": PICKER_RESULTS,
                "query": query,
            },
        )
