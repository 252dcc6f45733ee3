"""Pins to tables: the coordinator seats a person at a table for a round
(beside the table plan's documents), and removes a pin after confirming."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin

from ..forms_tablelocks import TableLockForm
from ..tablelocks import event_locks, pin_to_table, unpin
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
        lock = pin_to_table(
            registration=self.form.cleaned_data["registration"],
            round=self.form.cleaned_data["round"],
            table=self.form.cleaned_data["table"],
        )
        messages.success(
            request,
            _("%(person)s sits at table %(table)s in round %(round)s.")
            % {
                "person": lock.registration.full_name,
                "table": lock.table,
                "round": lock.round,
            },
        )
        return redirect(lock_list_url(self.event))


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
        E + "tables/epingles/<int:lock>/retirer/",
        TableLockDeleteView.as_view(),
        name="orga_table_lock_delete",
    ),
]
