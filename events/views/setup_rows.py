"""Edit a room, stand, team role, budget line or session of an event (adding
and removing them is on the event's organisation page, ``organiser.py``)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.views import OrganiserAreaMixin

from ..services.rows import update_row
from .organiser import SUBOBJECTS, EventMixin


class EventSetupEditView(OrganiserAreaMixin, EventMixin, View):
    permission_required = "events.change_event"
    template_name = "events/organiser/setup_row_form.html"

    def get_row(self):
        what = self.kwargs["what"]
        # A part has its own page: changing its capacity moves seats.
        if what not in SUBOBJECTS or what == "parties":
            raise Http404
        form_class, related = SUBOBJECTS[what]
        row = get_object_or_404(
            getattr(self.event, related).all(), pk=self.kwargs["obj"]
        )
        return form_class, row

    def setup_url(self) -> str:
        return (
            reverse("events:orga_event_setup", args=[self.event.pk])
            + f"#{self.kwargs['what']}"
        )

    def render_form(self, row, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "event": self.event,
                "row": row,
                "kind": row._meta.verbose_name,
                "form": form,
                "cancel_url": self.setup_url(),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        form_class, row = self.get_row()
        return self.render_form(row, form_class(instance=row, event=self.event))

    def post(self, request, *args, **kwargs):
        form_class, row = self.get_row()
        form = form_class(request.POST, instance=row, event=self.event)
        if not form.is_valid():
            return self.render_form(row, form, status=400)
        update_row(row=row, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The changes were saved."))
        return redirect(self.setup_url())
