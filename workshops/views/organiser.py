"""Coordinators' screens: an event's ateliers, the choices, the assignment."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from core.views import OrganiserAreaMixin
from events.models import Event

from ..assignment import FULL
from ..forms import ChoicesForm, WorkshopForm
from ..models import Workshop, WorkshopPlace
from ..services import (
    assignable_registrations,
    current_assignment,
    delete_workshop,
    event_sessions,
    save_workshop,
    session_label,
    set_choices,
    start_assignment,
)


class EventWorkshopMixin:
    """``self.event`` from the URL, through the user's scope (else a 404)."""

    permission_required = "workshops.change_workshop"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.event = get_object_or_404(
                Event.objects.for_user(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        return context

    def get_workshop(self) -> Workshop:
        return get_object_or_404(self.event.workshops.all(), pk=self.kwargs["workshop"])

    def event_url(self) -> str:
        return reverse("workshops:orga_event_workshops", args=[self.event.pk])

    def page(self, template, **context):
        return render(
            self.request,
            template,
            {"layout_template": self.layout_template, "event": self.event, **context},
        )


class WorkshopEventListView(OrganiserAreaMixin, ListView):
    """The events, with how many ateliers each has: the section's entry page."""

    permission_required = "workshops.view_workshop_list"
    template_name = "workshops/organiser/event_list.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        return (
            Event.objects.for_user(self.request.user)
            .exclude(kind__in=Event.MEETING_KINDS)
            .annotate(workshop_count=Count("workshops"))
            .order_by("-starts_at")
        )


class EventWorkshopsView(OrganiserAreaMixin, EventWorkshopMixin, TemplateView):
    """An event's ateliers, who is where, and the button that assigns."""

    template_name = "workshops/organiser/event_workshops.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = event_sessions(self.event)
        workshops = list(
            self.event.workshops.select_related("rapporteur")
            .prefetch_related("facilitators")
            .annotate(first_count=Count("choices", filter=Q(choices__rank=1)))
        )
        by_workshop = {w.pk: [] for w in workshops}
        for session in sessions:
            by_workshop[session.workshop_id].append(session)
        for workshop in workshops:
            workshop.session_list = by_workshop[workshop.pk]
        places = (
            WorkshopPlace.objects.filter(session__workshop__event=self.event)
            .select_related("registration")
            .order_by("registration__last_name", "registration__first_name")
        )
        people: dict[int, list] = {s.pk: [] for s in sessions}
        for place in places:
            people[place.session_id].append(place)
        for session in sessions:
            session.label = session_label(session)
            session.people = people[session.pk]
        outcome = current_assignment(self.event)
        by_key = {str(s.pk): s for s in sessions}
        context.update(
            workshops=workshops,
            sessions=sessions,
            figures=outcome.figures if places else None,
            unplaced=[
                {
                    "name": outcome.people[m.person].full_name,
                    "when": by_key[m.sessions[0]].label,
                    "full": m.reason == FULL,
                }
                for m in outcome.result.unplaced
            ],
            registration_count=len(outcome.people),
            job=self.event.assignment_jobs.first(),
        )
        return context


class WorkshopCreateView(OrganiserAreaMixin, EventWorkshopMixin, View):
    template_name = "workshops/organiser/workshop_form.html"

    def get(self, request, *args, **kwargs):
        return self.page(self.template_name, form=WorkshopForm(event=self.event))

    def post(self, request, *args, **kwargs):
        form = WorkshopForm(request.POST, event=self.event)
        if not form.is_valid():
            return self.page(self.template_name, form=form)
        workshop = save_workshop(
            workshop=form.save(commit=False),
            facilitators=form.cleaned_data["facilitators"],
            agenda_items=form.cleaned_data["agenda_items"],
        )
        messages.success(
            request, _("The atelier “%(title)s” was created.") % {"title": workshop}
        )
        return redirect(self.event_url())


class WorkshopUpdateView(OrganiserAreaMixin, EventWorkshopMixin, View):
    template_name = "workshops/organiser/workshop_form.html"

    def get(self, request, *args, **kwargs):
        workshop = self.get_workshop()
        form = WorkshopForm(instance=workshop, event=self.event)
        return self.page(self.template_name, form=form, workshop=workshop)

    def post(self, request, *args, **kwargs):
        workshop = self.get_workshop()
        form = WorkshopForm(request.POST, instance=workshop, event=self.event)
        if not form.is_valid():
            return self.page(
                self.template_name, form=form, workshop=self.get_workshop()
            )
        save_workshop(
            workshop=form.save(commit=False),
            facilitators=form.cleaned_data["facilitators"],
            agenda_items=form.cleaned_data["agenda_items"],
        )
        messages.success(request, _("The atelier was saved."))
        return redirect(self.event_url())


class WorkshopDeleteView(OrganiserAreaMixin, EventWorkshopMixin, View):
    """Asks first, saying how many sessions, choices and places go with it."""

    template_name = "workshops/organiser/workshop_confirm_delete.html"

    def get(self, request, *args, **kwargs):
        workshop = self.get_workshop()
        return self.page(
            self.template_name,
            workshop=workshop,
            session_count=workshop.sessions.count(),
            choice_count=workshop.choices.count(),
            place_count=WorkshopPlace.objects.filter(
                session__workshop=workshop
            ).count(),
        )

    def post(self, request, *args, **kwargs):
        workshop = self.get_workshop()
        delete_workshop(workshop=workshop)
        messages.success(
            request, _("The atelier “%(title)s” was deleted.") % {"title": workshop}
        )
        return redirect(self.event_url())


class ChoiceListView(OrganiserAreaMixin, EventWorkshopMixin, TemplateView):
    """Every registrant with their 1st, 2nd and 3rd choices."""

    template_name = "workshops/organiser/choice_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        titles = dict(self.event.workshops.values_list("pk", "title"))
        rows = []
        for registration in assignable_registrations(self.event).select_related(
            "organisation"
        ):
            ranked = {
                c.rank: c.workshop_id for c in registration.workshop_choices.all()
            }
            rows.append(
                {
                    "registration": registration,
                    "choices": [titles.get(ranked.get(rank)) for rank in (1, 2, 3)],
                }
            )
        context.update(rows=rows, workshop_count=len(titles))
        return context


class ChoiceUpdateView(OrganiserAreaMixin, EventWorkshopMixin, View):
    template_name = "workshops/organiser/choice_form.html"

    def get_registration(self):
        return get_object_or_404(
            self.event.registrations.confirmed(), pk=self.kwargs["registration"]
        )

    def get(self, request, *args, **kwargs):
        registration = self.get_registration()
        initial = {
            f"rank_{c.rank}": c.workshop_id for c in registration.workshop_choices.all()
        }
        form = ChoicesForm(initial=initial, event=self.event)
        return self.page(self.template_name, form=form, registration=registration)

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        form = ChoicesForm(request.POST, event=self.event)
        if not form.is_valid():
            return self.page(self.template_name, form=form, registration=registration)
        set_choices(registration=registration, ranked=form.ranked())
        messages.success(
            request,
            _("The choices of %(name)s were saved.") % {"name": registration.full_name},
        )
        return redirect("workshops:orga_choice_list", pk=self.event.pk)


class AssignView(OrganiserAreaMixin, EventWorkshopMixin, View):
    """ "Répartir": queue the assignment for a worker (the solver never runs
    in the request); the event's page polls the run until it is done."""

    def post(self, request, *args, **kwargs):
        start_assignment(event=self.event, user=request.user)
        messages.info(
            request,
            _("The assignment is running; its figures appear below when it is done."),
        )
        return redirect(self.event_url())
