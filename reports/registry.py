"""The PDF builders other apps register, and the plan a builder hands back.

Domain apps declare their documents in ``<app>/documents.py`` and register a
builder instance here from their ``AppConfig.ready()``; the pipeline in
``reports`` never imports a domain app, it only asks the builder.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.text import slugify

PDF_BUILDERS: dict[str, PdfBuilder] = {}


def register(builder: PdfBuilder) -> PdfBuilder:
    """Register ``builder`` under its ``kind`` (a later registration wins)."""
    PDF_BUILDERS[builder.kind] = builder
    return builder


def get_builder(kind: str) -> PdfBuilder:
    """The builder of ``kind``; ``UnknownKind`` if none is registered."""
    try:
        return PDF_BUILDERS[kind]
    except KeyError:
        raise UnknownKind(kind) from None


class UnknownKind(LookupError):
    pass


@dataclass
class Section:
    """A part of a document that can be rendered on its own.

    ``weight`` is a rough size (e.g. organisations listed): the pipeline
    renders small documents in one piece and long ones section by section,
    so WeasyPrint never lays out hundreds of pages at once. A section with a
    ``title`` and an ``anchor`` gets a line in the table of contents.
    """

    context: dict[str, Any]
    title: str = ""
    anchor: str = ""
    weight: int = 1
    level: int = 1


@dataclass
class Plan:
    """Everything the pipeline needs to render one document."""

    title: str
    context: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    organiser_name: str = ""
    # A FieldFile (or None); a missing file never fails the render.
    logo: Any = None
    subtitle: str = ""
    # A rough page count, so that short documents skip the table of contents
    # without being laid out twice.
    estimated_pages: int = 1


class PdfBuilder(ABC):
    """Base class of the documents' builders.

    Subclasses set ``kind`` (also the command-line name), ``label``,
    ``template_name`` and ``model`` (``"app_label.ModelName"``, or ``None``
    for a document about the whole network such as the directory), and
    implement ``plan()``.

    Who may see a document is who may see its object: the builder looks the
    object up in the model's ``for_user(user)`` scope (``get_object``), as
    every page about that object does; a builder never has its own rule.
    """

    kind: str = ""
    label: str = ""
    template_name: str = ""
    model: str | None = None
    # Who may see a document about the whole network (``model = None``).
    network_permission: str = "core.coordinate"
    # Organisations, agenda items… per rendered piece in long documents.
    section_weight_limit: int = 120

    # -- the object and who sees it ---------------------------------------
    def get_model(self):
        return apps.get_model(self.model) if self.model else None

    def scope(self, user) -> QuerySet:
        """The objects ``user`` may see documents about.

        The model's ``for_user(user)``; ``user=None`` is the pipeline itself
        (the worker, the command line), which reaches every object.
        """
        manager = self.get_model()._default_manager
        return manager.all() if user is None else manager.for_user(user)

    def get_object(self, user, object_id: str):
        """The object a document is about, looked up in ``user``'s scope.

        ``ObjectDoesNotExist`` when it is outside the scope or deleted (a 404
        for a page: its existence never leaks); ``None`` for a document about
        the whole network that ``user`` may see.
        """
        model = self.get_model()
        if model is None:
            if user is None or user.has_perm(self.network_permission):
                return None
            raise ObjectDoesNotExist
        pk = _clean_pk(model, object_id)
        return self.scope(user).get(pk=pk)

    def visible_jobs(self, user) -> Q:
        """The report jobs of this kind ``user`` may see, as a filter."""
        if self.model is None:
            if user.has_perm(self.network_permission):
                return Q(kind=self.kind)
            return Q(pk__in=[])
        ids = (
            self.scope(user)
            .order_by()
            .annotate(job_object_id=Cast("pk", CharField()))
            .values("job_object_id")
        )
        return Q(kind=self.kind, object_id__in=ids)

    def object_id_of(self, obj) -> str:
        return "" if obj is None else str(obj.pk)

    def can_request(self, user, obj) -> bool:
        """May ``user``, who sees ``obj``, ask for this document to be made?

        An action, not a scope: refused, it is a 403 (the object is known).
        """
        return True

    def refusal_reason(self, user, obj) -> str:
        """Why ``can_request`` refuses, for the page to say beside the
        missing button ("" when there is nothing to tell)."""
        return ""

    # -- the document ---------------------------------------------------
    def clean_parameters(self, parameters: dict | None) -> dict:
        """Keep the parameters this builder understands, normalised."""
        return {}

    def parameters_for(self, user, obj, parameters: dict) -> dict:
        """The cleaned ``parameters`` as ``user`` may ask for them.

        A builder whose parameters name rows of their own (a version of the
        object) looks them up in ``user``'s scope here and fills in the
        default that depends on who asks. ``ObjectDoesNotExist`` (a 404, as
        for the object) when they name something ``user`` may not see. Not
        called for the pipeline itself (``user=None``).
        """
        return parameters

    def source_version(self, obj, parameters: dict) -> str:
        """A string that changes whenever the data shown changes.

        The default uses the object's ``updated_at``; builders that show
        related rows mix in theirs (``Max("…__updated_at")``, counts).
        """
        if obj is None:
            return ""
        return str(getattr(obj, "updated_at", ""))

    def plan_title(self, obj, parameters: dict) -> str:
        """The document's title, shown in job lists before it is rendered."""
        return str(self.label) if obj is None else f"{self.label} — {obj}"

    @abstractmethod
    def plan(self, obj, parameters: dict) -> Plan:
        """The document's sections, in order (each builder says its own)."""

    def filename(self, obj, parameters: dict) -> str:
        """The downloaded file's name, without ``.pdf``."""
        return slugify(f"{self.kind} {obj}" if obj is not None else self.kind)

    def recipients(self, obj) -> list[str]:
        """E-mail addresses a finished document may be sent to."""
        return []


def _clean_pk(model, object_id):
    """``object_id`` as the model's primary key, or ``DoesNotExist``.

    Ids come from forms and job rows: a word is "no such object", not a 500
    (an out-of-range number finds no row: Django's lookups say so).
    """
    try:
        pk = model._meta.pk.to_python(object_id)
    except ValidationError:
        raise model.DoesNotExist from None
    if pk in ("", None):
        raise model.DoesNotExist
    return pk


def fingerprint(
    *, kind: str, object_id: str, parameters: dict, language: str, source_version: str
) -> str:
    """A hash of what makes two documents identical (same request, same data)."""
    payload = json.dumps(
        [kind, object_id, parameters, language, source_version],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


__all__ = [
    "PDF_BUILDERS",
    "ObjectDoesNotExist",
    "PdfBuilder",
    "Plan",
    "Section",
    "UnknownKind",
    "fingerprint",
    "get_builder",
    "register",
]
