"""The ateliers' PDFs: the table plan, the name badges, the ateliers' lists.

Registered with ``reports`` from ``WorkshopsConfig.ready()``; rendered by the
reports pipeline in a Celery worker, never in a web request. They hold
people's names: whoever sees the event may see a document's job, but only
coordinators may ask for one (a funder of the event is refused).

- ``plan-de-table``: ``size`` (2–50; 8 by default, less for a group under
  16 so that there are at least two tables), ``rounds`` (1–6, 1), ``seed``
  (the event's id by default, so one event always gets the same plan): a
  sheet per round, then "where do I sit?" by name, then the figures. A size
  larger than the group fails with a reason to act on.
- ``badges``: one card per confirmed registrant, ten per A4 page, with cut
  lines; with ``tables=1`` or a ``size`` (and ``rounds``, ``seed`` as the
  plan), the table of round 1 of the plan of the same parameters.
- ``listes-ateliers``: per atelier session, who is placed there.
"""

from __future__ import annotations

from math import ceil

from django.db.models import Count, Max, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from reports.registry import PdfBuilder, Plan, Section, register

from .models import WorkshopPlace, WorkshopSession
from .services import session_label
from .tablelocks import error_message
from .tables import TablePlanError, people_of, seat

SIZE = (2, 50, 8)
ROUNDS = (1, 6, 1)
SEED_LIMIT = 2**31 - 1
BADGES_PER_PAGE = 10


def _integer(value, low: int, high: int, default: int | None) -> int | None:
    """``value`` as a whole number clamped to [low, high]; ``default`` when
    it is missing or not a number (a form's field or a command's ``--param``)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def clean_table_parameters(parameters: dict | None) -> dict:
    """``rounds`` clamped; ``size`` and ``seed`` clamped when given (without
    a size, ``default_size`` of the group is used)."""
    parameters = parameters or {}
    cleaned = {"rounds": _integer(parameters.get("rounds"), *ROUNDS)}
    size = _integer(parameters.get("size"), SIZE[0], SIZE[1], None)
    if size is not None:
        cleaned["size"] = size
    seed = _integer(parameters.get("seed"), 0, SEED_LIMIT, None)
    if seed is not None:
        cleaned["seed"] = seed
    return cleaned


def default_size(people: int) -> int:
    """Tables of 8, but at least two tables for a small group (so that
    several rounds still mix people)."""
    return max(SIZE[0], min(SIZE[2], ceil(people / 2)))


def _failure(message: str):
    from reports.services import ReportFailure

    return ReportFailure(message)


def seat_event(event: Event, parameters: dict):
    """The plan of ``event``'s confirmed registrants (``tables.seat``) and
    the people by id; ``ReportFailure`` with a reason people can act on."""
    rounds = parameters["rounds"]
    people = people_of(event, rounds=rounds)
    size = parameters.get("size") or default_size(len(people))
    seed = parameters.get("seed", event.pk)
    try:
        plan = seat(people, size=size, rounds=rounds, seed=seed)
    except TablePlanError as error:
        if error.code == "no_people":
            raise _failure(
                _("This event has no confirmed registrant to seat.")
            ) from None
        if error.code == "size_too_large":
            raise _failure(
                _(
                    "Tables of %(size)s were asked for, but the event has only "
                    "%(people)s confirmed registrants: choose a table size of "
                    "%(people)s at most."
                )
                % error.params
            ) from None
        raise _failure(error_message(error)) from None
    return plan, seed, size


class WorkshopDocumentBuilder(PdfBuilder):
    """An event's document listing people: coordinators only may ask."""

    model = "events.Event"

    def scope(self, user):
        return super().scope(user).select_related("organiser")

    def can_request(self, user, obj) -> bool:
        return bool(user.is_authenticated and user.is_coordinator)

    def refusal_reason(self, user, obj) -> str:
        if not self.can_request(user, obj):
            return _(
                "This document lists the participants by name: only the "
                "coordinators make it."
            )
        return ""

    def _plan(self, event, context, sections, subtitle, pages) -> Plan:
        return Plan(
            title=event.title,
            subtitle=subtitle,
            organiser_name=event.organiser.name,
            logo=event.organiser.logo,
            context={"kind": self.kind, "event": event, **context},
            sections=sections,
            estimated_pages=pages,
        )


def _registrations_version(event: Event) -> str:
    figures = Event.objects.filter(pk=event.pk).aggregate(
        last=Max("registrations__updated_at"),
        count=Count("registrations"),
        organisations=Max("registrations__organisation__updated_at"),
    )
    return repr([event.updated_at, event.organiser.updated_at, sorted(figures.items())])


class TablePlanBuilder(WorkshopDocumentBuilder):
    """The table plan: a sheet per round, "where do I sit?", the figures."""

    kind = "plan-de-table"
    label = gettext_lazy("Table plan")
    template_name = "reports/pdf/plan-de-table.html"

    def clean_parameters(self, parameters: dict | None) -> dict:
        return clean_table_parameters(parameters)

    def can_request(self, user, obj) -> bool:
        return super().can_request(user, obj) and not self._too_few(obj)

    def refusal_reason(self, user, obj) -> str:
        if not super().can_request(user, obj):
            return super().refusal_reason(user, obj)
        if self._too_few(obj):
            return _("A table plan needs at least two confirmed registrants.")
        return ""

    def _too_few(self, obj) -> bool:
        return obj.registrations.confirmed().count() < SIZE[0]

    def source_version(self, obj, parameters: dict) -> str:
        return _registrations_version(obj)

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Table plan — %(title)s") % {"title": obj.title}

    def filename(self, obj, parameters: dict) -> str:
        parameters = self.clean_parameters(parameters)
        name = f"plan-de-table-{obj.slug}"
        if "size" in parameters:
            name += f"-tables-de-{parameters['size']}"
        if parameters["rounds"] > 1:
            name += f"-{parameters['rounds']}-tours"
        return name

    def plan(self, obj, parameters: dict) -> Plan:
        parameters = self.clean_parameters(parameters)
        event = Event.objects.select_related("organiser").get(pk=obj.pk)
        plan, seed, size = seat_event(event, parameters)
        names = {
            pk: (last, first)
            for pk, last, first in event.registrations.confirmed().values_list(
                "pk", "last_name", "first_name"
            )
        }
        rounds = plan.rounds
        sections = []
        where: dict = {}
        for r in rounds:
            tables = []
            for number, group in enumerate(r.tables, start=1):
                tables.append({"number": number, "people": group})
                for person in group:
                    where.setdefault(person.id, {})[r.number] = number
            sections.append(
                Section(
                    context={"part": "round", "round": r, "tables": tables},
                    title=(
                        _("Round %(number)s") % {"number": r.number}
                        if len(rounds) > 1
                        else _("The tables")
                    ),
                    anchor=f"tour-{r.number}",
                    weight=max(1, r.figures["people"] // 10),
                )
            )
        people = {person.id: person for group in rounds[0].tables for person in group}

        def alphabetical(pk):
            last, first = names.get(pk, (people[pk].name, ""))
            return (last.casefold(), first.casefold(), pk)

        directory = [
            {
                "last_name": names.get(pk, ("", ""))[0],
                "first_name": names.get(pk, ("", ""))[1],
                "name": people[pk].name,
                "organisation": people[pk].organisation_label,
                "tables": [where[pk][r.number] for r in rounds],
            }
            for pk in sorted(people, key=alphabetical)
        ]
        sections.append(
            Section(
                context={"part": "where", "directory": directory},
                title=_("Where do I sit?"),
                anchor="ou-suis-je",
                weight=max(1, len(directory) // 10),
            )
        )
        sections.append(
            Section(
                context={"part": "figures"},
                title=_("Figures of the plan"),
                anchor="chiffres",
            )
        )
        people_count = len(directory)
        return self._plan(
            event,
            {
                "rounds": rounds,
                "figures": plan.figures,
                "size": size,
                "seed": seed,
                "people_count": people_count,
                "table_count": len(rounds[0].tables),
            },
            sections,
            subtitle=_("Table plan"),
            pages=len(rounds) * (1 + people_count // 40) + 1 + people_count // 35,
        )


class BadgesBuilder(WorkshopDocumentBuilder):
    """Name badges: first name large, last name, organisation, and with a
    table size, the table of round 1 of the plan of the same parameters."""

    kind = "badges"
    label = gettext_lazy("Name badges")
    template_name = "reports/pdf/badges.html"

    def clean_parameters(self, parameters: dict | None) -> dict:
        """No table unless asked (``tables=1`` or a ``size``); then the
        parameters of the plan whose round 1 the badges show."""
        parameters = parameters or {}
        tables = str(parameters.get("tables", "")).strip().lower()
        if (
            tables not in {"1", "on", "true", "oui"}
            and not str(parameters.get("size", "")).strip()
        ):
            return {}
        return {"tables": True, **clean_table_parameters(parameters)}

    def source_version(self, obj, parameters: dict) -> str:
        return _registrations_version(obj)

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Name badges — %(title)s") % {"title": obj.title}

    def filename(self, obj, parameters: dict) -> str:
        return f"badges-{obj.slug}"

    def plan(self, obj, parameters: dict) -> Plan:
        parameters = self.clean_parameters(parameters)
        event = Event.objects.select_related("organiser").get(pk=obj.pk)
        table_of: dict = {}
        if parameters:
            plan, _seed, _size = seat_event(event, parameters)
            for number, group in enumerate(plan.rounds[0].tables, start=1):
                for person in group:
                    table_of[person.id] = number
        registrations = (
            event.registrations.confirmed()
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")
        )
        badges = [
            {
                "first_name": registration.first_name,
                "last_name": registration.last_name,
                "organisation": registration.organisation_label,
                "table": table_of.get(registration.pk),
            }
            for registration in registrations
        ]
        if not badges:
            raise _failure(_("This event has no confirmed registrant."))
        pages = [
            badges[start : start + BADGES_PER_PAGE]
            for start in range(0, len(badges), BADGES_PER_PAGE)
        ]
        sections = [
            Section(
                context={"badges": page, "rows": _rows(page)},
                weight=len(page) // 2 or 1,
            )
            for page in pages
        ]
        return self._plan(
            event,
            {"with_tables": bool(parameters), "badge_count": len(badges)},
            sections,
            subtitle=_("Name badges"),
            pages=len(pages),
        )


def _rows(page: list) -> list[list]:
    """Two badges a row (the last one alone when the count is odd)."""
    return [page[start : start + 2] for start in range(0, len(page), 2)]


class WorkshopListsBuilder(WorkshopDocumentBuilder):
    """Per atelier session: room, capacity, facilitation, who is placed."""

    kind = "listes-ateliers"
    label = gettext_lazy("Ateliers' lists")
    template_name = "reports/pdf/listes-ateliers.html"

    def source_version(self, obj, parameters: dict) -> str:
        figures = Event.objects.filter(pk=obj.pk).aggregate(
            workshops_last=Max("workshops__updated_at"),
            workshops_count=Count("workshops", distinct=True),
            sessions_last=Max("workshops__sessions__updated_at"),
            places_last=Max("workshops__sessions__places__updated_at"),
            places_count=Count("workshops__sessions__places", distinct=True),
            items_last=Max("agenda_items__updated_at"),
        )
        return repr([_registrations_version(obj), sorted(figures.items())])

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Ateliers' lists — %(title)s") % {"title": obj.title}

    def filename(self, obj, parameters: dict) -> str:
        return f"listes-ateliers-{obj.slug}"

    def plan(self, obj, parameters: dict) -> Plan:
        event = Event.objects.select_related("organiser").get(pk=obj.pk)
        sessions = list(
            WorkshopSession.objects.filter(workshop__event=event)
            .select_related(
                "workshop", "workshop__rapporteur", "agenda_item", "agenda_item__room"
            )
            .prefetch_related(
                "workshop__facilitators",
                Prefetch(
                    "places",
                    queryset=WorkshopPlace.objects.select_related(
                        "registration", "registration__organisation"
                    ).order_by(
                        "registration__last_name", "registration__first_name", "pk"
                    ),
                ),
            )
            .order_by("agenda_item__starts_at", "workshop__title", "pk")
        )
        sections = []
        for session in sessions:
            places = list(session.places.all())
            workshop = session.workshop
            room = workshop.room or (
                session.agenda_item.room.name if session.agenda_item.room_id else ""
            )
            sections.append(
                Section(
                    context={
                        "session": session,
                        "workshop": workshop,
                        "when": session_label(session),
                        "room": room,
                        "facilitators": list(workshop.facilitators.all()),
                        "places": places,
                    },
                    title=f"{workshop.title} — {session_label(session)}",
                    anchor=f"session-{session.pk}",
                    weight=max(1, len(places) // 10),
                )
            )
        return self._plan(
            event,
            {"session_count": len(sessions)},
            sections,
            subtitle=_("Ateliers' lists"),
            pages=max(1, len(sessions)),
        )


register(TablePlanBuilder())
register(BadgesBuilder())
register(WorkshopListsBuilder())
