"""The coordinator's board (who is where, moves, locks), the registrants'
choice links, and the status of a "Répartir" run by a worker."""

from itertools import groupby

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from core.views import OrganiserAreaMixin, PublicAreaMixin
from events.models import Registration

from ..assignment import FULL
from ..forms import ChoicesForm
from ..models import WorkshopPlace
from ..services import (
    PlaceMoveError,
    board_conflicts,
    choices_may_change,
    event_sessions,
    move_place,
    ranked_choices,
    registrations_without_choices,
    send_choice_links,
    session_label,
    set_choices,
    set_place_locked,
)
from .organiser import EventWorkshopMixin


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


class BoardView(OrganiserAreaMixin, EventWorkshopMixin, TemplateView):
    """Per time of the day, a column per atelier with the people placed."""

    template_name = "workshops/board/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(board_context(self.event))
        return context


def board_context(event, *, error: str = "") -> dict:
    sessions = event_sessions(event)
    places = list(
        WorkshopPlace.objects.filter(session__workshop__event=event)
        .select_related("registration")
        .order_by("registration__last_name", "registration__first_name", "pk")
    )
    conflicts = board_conflicts(sessions, places)
    people: dict[int, list] = {s.pk: [] for s in sessions}
    for place in places:
        place.clash = place.pk in conflicts["clash"]
        place.twice = place.pk in conflicts["twice"]
        people[place.session_id].append(place)
    for session in sessions:
        session.label = session_label(session)
        session.people = people[session.pk]
        session.used = len(session.people)
        capacity = session.workshop.capacity
        session.free = None if capacity is None else max(capacity - session.used, 0)
        session.over = conflicts["over"].get(session.pk, 0)
    slots = [
        {"label": key, "sessions": list(group)}
        for key, group in groupby(sessions, key=lambda s: s.label)
    ]
    return {
        "slots": slots,
        "sessions": sessions,
        "place_count": len(places),
        "conflict_count": len(conflicts["over"])
        + len(conflicts["clash"] | conflicts["twice"]),
        "error": error,
    }


class BoardActionMixin(OrganiserAreaMixin, EventWorkshopMixin):
    """A POST on the board: htmx gets the board back (with the refusal
    beside it), a plain form a redirect to the board with a message."""

    def answer(self, request, *, error: str = "", success: str = ""):
        if _is_htmx(request):
            return render(
                request,
                "workshops/board/_board.html",
                {"event": self.event, **board_context(self.event, error=error)},
            )
        if error:
            messages.error(request, error)
        elif success:
            messages.success(request, success)
        return redirect("workshops:orga_board", pk=self.event.pk)


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


class PlaceMoveView(BoardActionMixin, View):
    """Move one place (drag and drop and the "Move to" button both post here)."""

    def post(self, request, *args, **kwargs):
        place_id, session_id = (
            _int(request.POST.get("place")),
            _int(request.POST.get("session")),
        )
        if place_id is None or session_id is None:
            return self.answer(request, error=_("Choose a person and an atelier."))
        try:
            place = move_place(
                place_id=place_id, session_id=session_id, event=self.event
            )
        except PlaceMoveError as refusal:
            return self.answer(request, error=str(refusal))
        return self.answer(
            request,
            success=_("%(name)s moved to “%(workshop)s”.")
            % {
                "name": place.registration.full_name,
                "workshop": place.session.workshop.title,
            },
        )


class PlaceLockView(BoardActionMixin, View):
    """Lock or unlock one place."""

    def post(self, request, *args, **kwargs):
        place = get_object_or_404(
            WorkshopPlace.objects.select_related("registration"),
            pk=kwargs["place"],
            session__workshop__event=self.event,
        )
        locked = request.POST.get("locked") == "1"
        set_place_locked(place=place, locked=locked)
        name = place.registration.full_name
        return self.answer(
            request,
            success=(
                _("%(name)s is locked in place.")
                if locked
                else _("%(name)s is unlocked.")
            )
            % {"name": name},
        )


class ChoiceLinksSendView(OrganiserAreaMixin, EventWorkshopMixin, View):
    """Asks first, saying to how many people, then e-mails the choice links."""

    template_name = "workshops/board/send_links_confirm.html"

    def get(self, request, *args, **kwargs):
        count = registrations_without_choices(self.event).exclude(email="").count()
        return self.page(
            self.template_name,
            count=count,
            workshop_count=self.event.workshops.count(),
        )

    def post(self, request, *args, **kwargs):
        if not self.event.workshops.exists():
            messages.error(request, _("This event has no atelier to choose from."))
            return redirect(self.event_url())
        count = send_choice_links(event=self.event)
        messages.success(
            request,
            ngettext(
                "The choice link was sent to %(count)s registrant.",
                "The choice link was sent to %(count)s registrants.",
                count,
            )
            % {"count": count},
        )
        return redirect("workshops:orga_choice_list", pk=self.event.pk)


class AssignmentJobView(OrganiserAreaMixin, EventWorkshopMixin, View):
    """The htmx poll of a "Répartir": waiting, then the figures."""

    def get(self, request, *args, **kwargs):
        job = get_object_or_404(self.event.assignment_jobs, pk=kwargs["job"])
        return render(
            request,
            "workshops/board/_job.html",
            {"event": self.event, "job": job, "FULL": FULL},
        )


class PublicChoiceView(PublicAreaMixin, View):
    """``/ateliers/choix/<token>/``: a registrant ranks 1st to 3rd choice."""

    template_name = "workshops/board/public_choice.html"

    def get_registration(self) -> Registration:
        registration = get_object_or_404(
            Registration.objects.select_related("event"), token=self.kwargs["token"]
        )
        if registration.is_cancelled or not registration.event.workshops.exists():
            raise Http404
        return registration

    def render_page(self, registration, form, *, saved=False):
        closed = not choices_may_change(registration)
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "registration": registration,
                "event": registration.event,
                "form": None if closed else form,
                "closed": closed,
                "choices": ranked_choices(registration) if closed else [],
                "saved": saved,
                "workshops": registration.event.workshops.only("title", "question"),
            },
        )

    def get(self, request, *args, **kwargs):
        registration = self.get_registration()
        initial = {
            f"rank_{c.rank}": c.workshop_id for c in registration.workshop_choices.all()
        }
        form = ChoicesForm(initial=initial, event=registration.event)
        return self.render_page(registration, form)

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        if not choices_may_change(registration):
            # Assigned: the page says so and shows the choices; nothing saved.
            return self.render_page(registration, None)
        form = ChoicesForm(request.POST, event=registration.event)
        if not form.is_valid():
            return self.render_page(registration, form)
        if not any(form.ranked()):
            form.add_error("rank_1", _("Choose at least your 1st choice."))
            return self.render_page(registration, form)
        set_choices(registration=registration, ranked=form.ranked())
        return self.render_page(registration, form, saved=True)


E = "ateliers/<int:pk>/"

urlpatterns = [
    path(
        "ateliers/choix/<uuid:token>/",
        PublicChoiceView.as_view(),
        name="public_choice",
    ),
    path(E + "tableau/", BoardView.as_view(), name="orga_board"),
    path(E + "tableau/deplacer/", PlaceMoveView.as_view(), name="orga_place_move"),
    path(
        E + "tableau/<int:place>/verrou/",
        PlaceLockView.as_view(),
        name="orga_place_lock",
    ),
    path(
        E + "choix/envoyer/",
        ChoiceLinksSendView.as_view(),
        name="orga_choice_links_send",
    ),
    path(
        E + "repartir/<int:job>/", AssignmentJobView.as_view(), name="orga_assign_job"
    ),
]
