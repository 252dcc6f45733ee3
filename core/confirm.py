"""Destructive means confirmed (STYLE.md §12): one page for every delete.

``deletion_summary(obj)`` says what deleting ``obj`` would also delete (counts
by kind, through Django's own collector, so it follows ``on_delete`` exactly)
and what would refuse it (``PROTECT``/``RESTRICT``). ``ConfirmDeleteMixin``
shows that on GET and deletes on POST through the view's service.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.db.models.deletion import ProtectedError, RestrictedError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

EXAMPLES = 5


@dataclass
class Kind:
    """Rows of one model: its name (singular or plural), how many, and the
    first few, for the page to name."""

    name: str
    count: int
    examples: list[str]

    # A kind compares as its ``(name, count)`` pair.
    def __iter__(self):
        return iter((self.name, self.count))

    def __eq__(self, other):
        return tuple(self) == tuple(other)


@dataclass
class DeletionSummary:
    """What a delete would take with it, and what forbids it."""

    cascaded: list[Kind] = field(default_factory=list)
    protected: list[Kind] = field(default_factory=list)
    unlinked: list[Kind] = field(default_factory=list)

    @property
    def is_protected(self) -> bool:
        return bool(self.protected)


def _count_by_kind(objects) -> list[Kind]:
    by_model: dict[type, list] = {}
    for item in objects:
        by_model.setdefault(type(item), []).append(item)
    return [
        Kind(
            name=str(
                model._meta.verbose_name
                if len(items) == 1
                else model._meta.verbose_name_plural
            ),
            count=len(items),
            examples=[str(item) for item in items[:EXAMPLES]],
        )
        for model, items in sorted(by_model.items(), key=lambda kv: kv[0].__name__)
    ]


def deletion_summary(obj) -> DeletionSummary:
    """Count, by kind, the rows deleting ``obj`` would also delete, those
    that protect it and those it would only unlink. Auto-created
    many-to-many link rows are left out: they
    are links, not things a person would miss."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    cascaded = [
        item
        for model, items in collector.data.items()
        if not model._meta.auto_created
        for item in items
        if item != obj
    ]
    # SET_NULL / SET_DEFAULT: rows kept, but they lose their link to ``obj``.
    unlinked = [
        item
        for batches in collector.field_updates.values()
        for objs in batches
        for item in objs
    ]
    return DeletionSummary(
        cascaded=_count_by_kind(cascaded),
        protected=_count_by_kind(collector.protected),
        unlinked=_count_by_kind(unlinked),
    )


class ConfirmDeleteMixin:
    """GET: a page naming the object and what goes with it; POST: delete.

    A view sets ``get_delete_object()``, ``delete(obj)`` (which calls the
    service), ``get_success_url()`` and ``get_cancel_url()``; it may set
    ``success_message`` and ``get_confirm_title(obj)``. A delete that a
    protecting row refuses comes back with a message, never a 500.
    """

    confirm_template_name = "core/confirm_delete.html"
    success_message = ""
    warning = ""

    def get_confirm_title(self, obj) -> str:
        return _("Delete “%(object)s”") % {"object": obj}

    def get_cancel_url(self) -> str:
        return self.get_success_url()

    def get_confirm_context(self, obj) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        obj = self.get_delete_object()
        context = {
            "layout_template": self.layout_template,
            "object": obj,
            "kind": str(obj._meta.verbose_name),
            "title": self.get_confirm_title(obj),
            "summary": deletion_summary(obj),
            "warning": self.warning,
            "cancel_url": self.get_cancel_url(),
            **self.get_confirm_context(obj),
        }
        return render(request, self.confirm_template_name, context)

    def post(self, request, *args, **kwargs):
        obj = self.get_delete_object()
        if deletion_summary(obj).is_protected:
            return self.refuse(request)
        try:
            self.delete(obj)
        except (ProtectedError, RestrictedError):
            return self.refuse(request)
        messages.success(request, self.success_message or _("Deleted."))
        return self.deleted_response()

    def refuse(self, request):
        messages.error(
            request,
            _(
                "This cannot be deleted: other records depend on it. "
                "Remove or change them first."
            ),
        )
        return redirect(self.get_cancel_url())

    def deleted_response(self):
        return redirect(self.get_success_url())
