"""Deleting an event from its page, confirmed (STYLE.md §12)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin

from ..models import Event
from ..services.events import delete_event, event_deletion_summary


class EventDeleteView(ConfirmDeleteMixin, OrganiserAreaMixin, View):
    """The page lists the registrations, programme, minutes, documents…
    that go with the event, and the funded projects that only lose it."""

    permission_required = "events.change_event"
    success_message = gettext_lazy("The event was deleted.")

    def get_delete_object(self):
        self.event = get_object_or_404(
            Event.objects.for_user(self.request.user), pk=self.kwargs["pk"]
        )
        return self.event

    @property
    def is_meeting(self) -> bool:
        return self.event.kind in Event.MEETING_KINDS

    def get_confirm_context(self, obj) -> dict:
        return {"summary": event_deletion_summary(obj)}

    def delete(self, obj):
        delete_event(event=obj, by=self.request.user)

    def get_success_url(self):
        if self.is_meeting:
            return reverse("events:orga_meeting_list")
        return reverse("events:orga_event_list")

    def get_cancel_url(self):
        if self.is_meeting:
            return reverse("events:orga_meeting_detail", args=[self.event.pk])
        return reverse("events:orga_event_detail", args=[self.event.pk])
