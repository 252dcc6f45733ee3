"""The events' PDFs: a meeting's compte-rendu and an event's programme.

Registered with ``reports`` from ``EventsConfig.ready()``; rendered by the
reports pipeline in a Celery worker, never in a web request.
"""

from django.db.models import Count, Max, Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.registry import PdfBuilder, Plan, Section, register

from .models import (
    Action,
    AgendaItem,
    AgendaPoint,
    Attendance,
    Decision,
    Event,
    Speaker,
)


def _organiser_slug(event: Event) -> str:
    organiser = event.organiser
    return slugify(organiser.acronym or organiser.name) or "evenement"


def _local_date(value) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(value):%Y-%m-%d}"


class EventDocumentBuilder(PdfBuilder):
    """Documents about an event: whoever sees the event sees them
    (``Event.objects.for_user``, through ``PdfBuilder.get_object``)."""

    model = "events.Event"

    def scope(self, user):
        return super().scope(user).select_related("organiser")

    def _aggregate(self, obj, relations: list[str]) -> str:
        figures = Event.objects.filter(pk=obj.pk).aggregate(
            **{f"{name}_last": Max(f"{name}__updated_at") for name in relations},
            **{f"{name}_count": Count(name, distinct=True) for name in relations},
        )
        return repr([obj.updated_at, obj.organiser.updated_at, sorted(figures.items())])


class MinutesBuilder(EventDocumentBuilder):
    """Compte-rendu of a meeting: attendees, agenda and notes, decisions,
    follow-up actions and the next meeting."""

    kind = "compte-rendu"
    label = gettext_lazy("Meeting minutes")
    template_name = "reports/pdf/compte-rendu.html"

    def scope(self, user):
        return super().scope(user).meetings()

    def can_request(self, user, obj) -> bool:
        # Funders of a meeting read its minutes; coordinators write them.
        return bool(user.is_authenticated and user.is_coordinator)

    def source_version(self, obj, parameters: dict) -> str:
        return self._aggregate(
            obj, ["agenda_points", "attendances", "decisions", "actions"]
        ) + repr(obj.next_meeting_id)

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Minutes — %(title)s") % {"title": obj.title}

    def filename(self, obj, parameters: dict) -> str:
        return f"compte-rendu-{_organiser_slug(obj)}-{_local_date(obj.starts_at)}"

    def recipients(self, obj) -> list[str]:
        emails = (
            Attendance.objects.filter(
                event=obj,
                status__in=[Attendance.Status.PRESENT, Attendance.Status.EXCUSED],
            )
            .exclude(person__email="")
            .values_list("person__email", flat=True)
        )
        return sorted(set(emails))

    def plan(self, obj, parameters: dict) -> Plan:
        meeting = (
            Event.objects.select_related("organiser", "committee", "next_meeting")
            .prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=Attendance.objects.select_related(
                        "person", "organisation"
                    ).order_by("person__sort_name", "person__pk"),
                ),
                Prefetch(
                    "agenda_points",
                    queryset=AgendaPoint.objects.order_by("position", "pk"),
                ),
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.select_related("agenda_point"),
                ),
                Prefetch(
                    "actions",
                    queryset=Action.objects.select_related(
                        "person", "organisation", "agenda_point"
                    ),
                ),
            )
            .get(pk=obj.pk)
        )
        attendances = list(meeting.attendances.all())
        present = [a for a in attendances if a.status == Attendance.Status.PRESENT]
        excused = [a for a in attendances if a.status == Attendance.Status.EXCUSED]
        points = list(meeting.agenda_points.all())
        decisions = list(meeting.decisions.all())
        # A dropped action is no follow-up: the minutes leave it out.
        actions = [
            a for a in meeting.actions.all() if a.status != Action.Status.DROPPED
        ]
        weight = len(points) + len(decisions) + len(actions) + len(attendances) // 3
        context = {
            "kind": self.kind,
            "meeting": meeting,
            "present": present,
            "excused": excused,
            "points": points,
            "decisions": decisions,
            "actions": actions,
            "next_meeting": meeting.next_meeting,
        }
        sections = [
            Section(
                context={"part": "attendance"},
                title=_("Attendees"),
                anchor="presents",
                weight=max(1, len(attendances) // 3),
            ),
            Section(
                context={"part": "agenda"},
                title=_("Agenda"),
                anchor="ordre-du-jour",
                weight=max(1, len(points)),
            ),
            Section(
                context={"part": "decisions"},
                title=_("Decisions"),
                anchor="decisions",
                weight=max(1, len(decisions)),
            ),
            Section(
                context={"part": "actions"},
                title=_("Follow-up actions"),
                anchor="suites",
                weight=max(1, len(actions)),
            ),
        ]
        return Plan(
            title=self.plan_title(meeting, parameters),
            subtitle=meeting.committee.title if meeting.committee_id else "",
            organiser_name=meeting.organiser.name,
            logo=meeting.organiser.logo,
            context=context,
            sections=sections,
            estimated_pages=1 + weight // 12,
        )


class ProgrammeBuilder(EventDocumentBuilder):
    """Programme of an event: parts, times, rooms, speakers, venue and access."""

    kind = "programme"
    label = gettext_lazy("Programme")
    template_name = "reports/pdf/programme.html"
    section_weight_limit = 150

    def source_version(self, obj, parameters: dict) -> str:
        return self._aggregate(
            obj, ["agenda_items", "agenda_items__speakers", "parts", "rooms"]
        )

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Programme — %(title)s") % {"title": obj.title}

    def filename(self, obj, parameters: dict) -> str:
        return f"programme-{obj.slug}"

    def plan(self, obj, parameters: dict) -> Plan:
        event = (
            Event.objects.select_related("organiser")
            .prefetch_related(
                "co_organisers",
                "rooms",
                "parts",
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.select_related("room", "part")
                    .prefetch_related(
                        Prefetch(
                            "speakers",
                            queryset=Speaker.objects.select_related("person"),
                        )
                    )
                    .order_by("starts_at", "position", "pk"),
                ),
            )
            .get(pk=obj.pk)
        )
        items = list(event.agenda_items.all())
        parts = list(event.parts.all())
        sections = []
        by_part: dict = {}
        for item in items:
            by_part.setdefault(item.part_id, []).append(item)
        for part in parts:
            part_items = by_part.pop(part.pk, [])
            sections.append(
                Section(
                    context={"part": part, "items": part_items},
                    title=part.title,
                    anchor=f"partie-{part.pk}",
                    weight=max(1, len(part_items)),
                )
            )
        rest = [item for group in by_part.values() for item in group]
        if rest or not sections:
            sections.append(
                Section(
                    context={
                        "part": None,
                        "items": sorted(
                            rest, key=lambda i: (i.starts_at, i.position, i.pk)
                        ),
                    },
                    title=_("Programme") if sections else "",
                    anchor="programme" if sections else "",
                    weight=max(1, len(rest)),
                )
            )
        return Plan(
            title=event.title,
            subtitle=_("Programme"),
            organiser_name=event.organiser.name,
            logo=event.organiser.logo,
            context={
                "kind": self.kind,
                "event": event,
                "co_organisers": list(event.co_organisers.all()),
                "rooms": list(event.rooms.all()),
                "item_count": len(items),
                "has_rooms": any(item.room_id for item in items),
            },
            sections=sections,
            estimated_pages=1 + len(items) // 14,
        )


register(MinutesBuilder())
register(ProgrammeBuilder())
