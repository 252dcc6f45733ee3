"""The coordinators' event pages."""

from django.views.generic import DetailView, ListView

from core.views import OrganiserAreaMixin

from ..selectors import events_for_organiser


class EventListView(OrganiserAreaMixin, ListView):
    permission_required = "events.view_event_list"
    template_name = "events/organiser/event_list.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        return events_for_organiser(user=self.request.user)


class EventDetailView(OrganiserAreaMixin, DetailView):
    permission_required = "events.view_event_list"
    template_name = "events/organiser/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return events_for_organiser(user=self.request.user)
