"""Reads of the partner directory."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from .models import (
    Audience,
    ChangeRequest,
    Membership,
    Organisation,
    Partnership,
    Theme,
)


def organisations_for_directory(*, user) -> QuerySet[Organisation]:
    """The organisations ``user`` may see (``for_user``), ready to list:
    parent and vocabularies fetched up front."""
    return (
        Organisation.objects.for_user(user)
        .select_related("parent")
        .prefetch_related("audiences", "themes")
    )


def organisation_for_detail(*, user) -> QuerySet[Organisation]:
    """One organisation with its people, partnerships, branches and last
    verification."""
    return (
        organisations_for_directory(user=user)
        .select_related("entry_check")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("person").order_by(
                    "person__sort_name", "person__pk"
                ),
            ),
            Prefetch(
                "partnerships_as_first",
                queryset=Partnership.objects.select_related("second"),
            ),
            Prefetch(
                "partnerships_as_second",
                queryset=Partnership.objects.select_related("first"),
            ),
            "branches",
        )
    )


def organisations_for_partner(*, user) -> QuerySet[Organisation]:
    """The organisations a signed-in partner belongs to, within its scope."""
    return Organisation.objects.for_user(user).filter(pk__in=user.organisation_ids)


def pending_change_requests(*, user) -> QuerySet[ChangeRequest]:
    """Proposals waiting for review that ``user`` may see (``for_user``)."""
    return (
        ChangeRequest.objects.for_user(user)
        .filter(status=ChangeRequest.Status.PENDING)
        .select_related("organisation", "submitted_by")
        .prefetch_related(
            "organisation__audiences", "organisation__themes", "proposed_contacts"
        )
    )


def change_request_diff(change_request: ChangeRequest, vocabularies=None) -> list:
    """Rows of (label, current, proposed) for each field the partner changed.

    ``vocabularies`` maps ``"audiences"``/``"themes"`` to {id: name}; pass it
    when showing many requests so the names are read once.
    """
    from .services import M2M_FIELDS

    vocabularies = vocabularies or vocabulary_names()
    organisation = change_request.organisation
    rows = []
    for name, value in change_request.proposed.items():
        field = Organisation._meta.get_field(name)
        if name in M2M_FIELDS:
            names = vocabularies[name]
            current = ", ".join(str(i) for i in getattr(organisation, name).all())
            proposed = ", ".join(names.get(pk, _("(deleted)")) for pk in value)
        else:
            current, proposed = getattr(organisation, name), value
        rows.append((field.verbose_name, current, proposed))
    return rows


def deleted_proposed_entries(change_request: ChangeRequest) -> int:
    """How many audiences and themes of a proposal were deleted since."""
    from .services import M2M_FIELDS

    missing = 0
    for name in M2M_FIELDS:
        proposed = set(change_request.proposed.get(name) or ())
        if proposed:
            model = Organisation._meta.get_field(name).related_model
            missing += len(proposed) - model.objects.filter(pk__in=proposed).count()
    return missing


def vocabulary_names() -> dict[str, dict[int, str]]:
    return {
        "audiences": dict(Audience.objects.values_list("pk", "name")),
        "themes": dict(Theme.objects.values_list("pk", "name")),
    }


def partnerships_of(organisation: Organisation) -> list[Partnership]:
    return list(
        Partnership.objects.filter(
            Q(first=organisation) | Q(second=organisation)
        ).select_related("first", "second")
    )


def merge_effects(*, keep: Organisation, duplicate: Organisation) -> dict:
    """What ``services.merge_organisations`` would move, fill and delete.

    ``moved`` lists (label, count) for every kind of row pointing at the
    duplicate, other apps' included (found by introspection, like the merge
    itself); ``filled`` names the empty fields of ``keep`` it would fill.
    """
    moved = []
    for relation in Organisation._meta.related_objects:
        if relation.many_to_many and not relation.through._meta.auto_created:
            continue  # counted through its own foreign key (memberships)
        if relation.many_to_many:
            count = getattr(duplicate, relation.get_accessor_name()).count()
        else:
            count = relation.related_model._base_manager.filter(
                **{relation.field.name: duplicate}
            ).count()
        if count:
            moved.append(
                (
                    _("%(objects)s, as “%(field)s”")
                    % {
                        "objects": relation.related_model._meta.verbose_name_plural,
                        "field": relation.field.verbose_name,
                    },
                    count,
                )
            )
    for m2m in Organisation._meta.many_to_many:
        count = getattr(duplicate, m2m.name).count()
        if count:
            moved.append((str(m2m.verbose_name), count))
    filled = [
        str(f.verbose_name)
        for f in Organisation._meta.concrete_fields
        if f.editable
        and not f.primary_key
        and f.name not in ("created_at", "updated_at")
        and not getattr(keep, f.attname)
        and getattr(duplicate, f.attname)
    ]
    return {"moved": moved, "filled": filled}


def vocabulary_entry_usage(entry, *, shown: int = 20) -> dict:
    """How many organisations use an audience or theme, and the first names."""
    organisations = entry.organisations.order_by("sort_name", "pk")
    return {
        "count": organisations.count(),
        "names": [str(o) for o in organisations[:shown]],
    }
