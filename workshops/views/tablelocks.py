"""Pins to tables: the coordinator seats one or several people at a table
for a round (beside the table plan's documents), found by searching the
event's registrants as you type, and removes a pin after confirming."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin
from partners.widgets import PICKER_RESULTS

from ..forms_tablelocks import TableLockForm, registrant_label
from ..tablelocks import event_locks, matching_registrants, pin_many_to_table, unpin
from .organiser import EventWorkshopMixin


class TableLockListView(OrganiserAreaMixin, EventWorkshopMixin, ListView):
    """The event's pins, paginated, and the form adding one."""

    template_name = "workshops/tablelocks/lock_list.html"
    context_object_name = "locks"
    paginate_by = 25
    form = None

    def get_queryset(self):
        return event_locks(self.event).order_by(
            "round", "table", "registration__last_name", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form or TableLockForm(event=self.event)
        return context

    def post(self, request, *args, **kwargs):
        self.form = TableLockForm(request.POST, event=self.event)
        if not self.form.is_valid():
            self.object_list = self.get_queryset()
            return self.render_to_response(self.get_context_data())
        data = self.form.cleaned_data
        locks = pin_many_to_table(
            registrations=data["registration"], round=data["round"], table=data["table"]
        )
        names = {"table": data["table"], "round": data["round"]}
        if len(locks) == 1:
            message = _("%(person)s sits at table %(table)s in round %(round)s.") % {
                "person": locks[0].registration.full_name,
                **names,
            }
        else:
            message = _("%(people)s sit at table %(table)s in round %(round)s.") % {
                "people": ", ".join(lock.registration.full_name for lock in locks),
                **names,
            }
        messages.success(request, message)
        return redirect(lock_list_url(self.event))


class RegistrantPickerView(OrganiserAreaMixin, EventWorkshopMixin, View):
    """The pin form's search: up to ``PICKER_RESULTS`` confirmed registrants
    of the event matching ``q`` (accents and case ignored), as buttons the
    picker adds to its choice."""

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        registrants = matching_registrants(self.event, query, PICKER_RESULTS + 1)
        return render(
            request,
            "workshops/tablelocks/_registrant_results.html",
            {
                "registrants": [
                    (registration.pk, registrant_label(registration))
                    for registration in registrants[:PICKER_RESULTS]
                ],
                "more": len(registrants) > PICKER_RESULTS,
                "shown": PICKER_RESULTS,
                "query": query,
            },
        )


class TableLockDeleteView(
    OrganiserAreaMixin, EventWorkshopMixin, ConfirmDeleteMixin, View
):
    """GET: what unpinning means; POST: unpin."""

    warning = ""

    def get_delete_object(self):
        return get_object_or_404(event_locks(self.event), pk=self.kwargs["lock"])

    def get_confirm_title(self, obj) -> str:
        return _("Unpin %(lock)s") % {"lock": obj}

    def get_confirm_context(self, obj) -> dict:
        return {
            "warning": _(
                "The next table plans will seat this person wherever the mix is best."
            )
        }

    def delete(self, obj):
        unpin(lock=obj)
        self.success_message = _(
            "%(person)s is no longer pinned in round %(round)s."
        ) % {
            "person": obj.registration.full_name,
            "round": obj.round,
        }

    def get_success_url(self) -> str:
        return lock_list_url(self.event)


def lock_list_url(event) -> str:
    return reverse("workshops:orga_table_locks", args=[event.pk])


E = "ateliers/<int:pk>/"

urlpatterns = [
    path(E + "tables/epingles/", TableLockListView.as_view(), name="orga_table_locks"),
    path(
        E + "tables/epingles/inscrits/",
        RegistrantPickerView.as_view(),
        name="orga_table_lock_registrants",
    ),
    path(
        E + "tables/epingles/<int:lock>/retirer/",
        TableLockDeleteView.as_view(),
        name="orga_table_lock_delete",
    ),
]
