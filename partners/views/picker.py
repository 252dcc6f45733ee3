"""The organisation picker's search (``partners/widgets.py``)."""

from django.shortcuts import render
from django.views import View

from core.views import OrganiserAreaMixin

from ..models import Organisation
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
