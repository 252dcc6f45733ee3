"""Ateliers' syntheses: the rapporteur's link, saving, the plenary's slides."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Min
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import queue_mail

from .models import Workshop, WorkshopSynthesis

FIELDS = [
    "key_points",
    "recommendations",
    "resources",
    "success_indicators",
    "notes",
]
_URL_LIKE = re.compile(r"^(https?://|www\.)|://", re.IGNORECASE)
_SEPARATORS = " \t-–—:|,;"
_validate_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Resource:
    title: str
    url: str = ""


def parse_resources(text: str) -> tuple[list[Resource], list[str]]:
    """The tools and resources of a synthesis, one a line: a name, then an
    optional web address at the end of the line. Returns them and the
    problems found (one message per bad address)."""
    resources, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip().lstrip("-•➤>*").strip()
        if not line:
            continue
        words = line.rsplit(None, 1)
        last = words[-1]
        if not _URL_LIKE.search(last):
            resources.append(Resource(title=line))
            continue
        url = "https://" + last if last.lower().startswith("www.") else last
        try:
            _validate_url(url)
        except ValidationError:
            errors.append(
                _("Line %(number)s: “%(address)s” is not a valid web address.")
                % {"number": number, "address": last}
            )
            continue
        title = words[0].rstrip(_SEPARATORS) if len(words) > 1 else ""
        resources.append(Resource(title=title or url, url=url))
    return resources, errors


def synthesis_for(workshop: Workshop) -> WorkshopSynthesis:
    """The atelier's synthesis, created empty (with its link) the first time."""
    synthesis, _created = WorkshopSynthesis.objects.get_or_create(workshop=workshop)
    return synthesis


@transaction.atomic
def save_synthesis(
    *,
    synthesis: WorkshopSynthesis,
    data: dict,
    by=None,
    submission_key: str | None = None,
) -> WorkshopSynthesis:
    """Write the texts of a synthesis. ``by`` is the coordinator, or None for
    the rapporteur's link. A form sent twice (same ``submission_key``) is
    saved once: the second sending changes nothing."""
    synthesis = WorkshopSynthesis.objects.select_for_update().get(pk=synthesis.pk)
    if submission_key and synthesis.submission_key == submission_key:
        return synthesis
    for name in FIELDS:
        setattr(synthesis, name, (data.get(name) or "").strip())
    synthesis.updated_by = by
    synthesis.by_rapporteur = by is None
    synthesis.submission_key = submission_key or None
    try:
        with transaction.atomic():
            synthesis.save()
    except IntegrityError:
        # That key already saved another atelier's synthesis: a replayed form.
        synthesis.refresh_from_db()
    return synthesis


def send_rapporteur_link(*, synthesis: WorkshopSynthesis, link: str) -> bool:
    """Put the rapporteur's link in the outbox, if the rapporteur has an
    e-mail address; a worker sends it."""
    workshop = synthesis.workshop
    rapporteur = workshop.rapporteur
    if rapporteur is None or not rapporteur.email:
        return False
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        queue_mail(
            to=rapporteur.email,
            subject=_("Synthesis of the atelier « %(title)s »")
            % {"title": workshop.title},
            body=_(
                "Hello %(name)s,\n\nYou are the rapporteur of the atelier "
                "« %(title)s » of « %(event)s ». Write its synthesis (key points, "
                "recommendations, tools, success indicators) with this link, "
                "from your phone or a computer, without an account:\n\n"
                "%(link)s\n\nYou may come back to it as often as needed until "
                "the plenary. Keep this link to yourself.\n"
            )
            % {
                "name": rapporteur.first_name or rapporteur,
                "title": workshop.title,
                "event": workshop.event.title,
                "link": link,
            },
            language=language,
            kind="workshops.synthesis_link",
        )
    return True


def event_syntheses(event) -> list[WorkshopSynthesis]:
    """The event's written syntheses, in the ateliers' order; one query."""
    return [
        synthesis
        for synthesis in WorkshopSynthesis.objects.filter(workshop__event=event)
        .select_related("workshop__rapporteur")
        .annotate(first_session=Min("workshop__sessions__agenda_item__starts_at"))
        .order_by(F("first_session").asc(nulls_last=True), "workshop__pk")
        if not synthesis.is_empty
    ]
