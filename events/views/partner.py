"""Pages a funder or a partner sees: its ``Event.objects.for_user`` scope.

Visitors go to the sign-in page; an event outside the scope is a 404.
"""

from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from core.views import PartnerAreaMixin

from ..selectors import (
    events_for_funder,
    parts_with_seats,
    programme_by_part,
    programme_items,
)


class FundedEventListView(PartnerAreaMixin, PermissionRequiredMixin, ListView):
    permission_required = "events.view_funded_events"
    template_name = "events/partner/event_list.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        return events_for_funder(user=self.request.user)


class FundedEventDetailView(PartnerAreaMixin, PermissionRequiredMixin, DetailView):
    permission_required = "events.view_funded_events"
    template_name = "events/partner/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return events_for_funder(user=self.request.user).prefetch_related("funders")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        context["programme"] = programme_by_part(items=programme_items(event=event))
        context["parts"] = parts_with_seats(event=event)
        context["registration_count"] = event.registrations.active().count()
        return context
