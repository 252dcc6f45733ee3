"""Coordinators' edits of people, memberships and partnerships (services).

Views write through these functions (STYLE.md): each runs in one
transaction, so a refused change saves nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .consent import set_directory_consent
from .models import Membership, Partnership, Person

# People ------------------------------------------------------------------


@transaction.atomic
def save_person(*, form, by) -> Person:
    """Create or change a person from a valid ``PersonForm``; a directory
    consent given records the version of the text the form showed."""
    person = form.save(commit=False)
    set_directory_consent(
        person,
        given=form.cleaned_data["directory_consent"],
        was=bool(form.initial.get("directory_consent")),
        text=form.consent_text,
    )
    person.email = (person.email or "").strip().lower()
    person.save()
    return person


@transaction.atomic
def delete_person(*, person: Person, by) -> None:
    """Delete a person and their memberships; a meeting attendance protects
    them (the confirmation page says so)."""
    person.delete()


# Memberships -------------------------------------------------------------


def check_membership_unique(membership: Membership) -> None:
    clash = Membership.objects.filter(
        person_id=membership.person_id,
        organisation_id=membership.organisation_id,
        function=membership.function,
    ).exclude(pk=membership.pk)
    if clash.exists():
        raise ValidationError(
            {
                "organisation": _(
                    "This person already has this function in this organisation."
                )
            }
        )


@transaction.atomic
def save_membership(*, membership: Membership, by) -> Membership:
    """Record (or change) a person's role in an organisation."""
    if membership.ended_on and membership.ended_on > timezone.localdate():
        raise ValidationError(
            {"ended_on": _("The date someone left cannot be in the future.")}
        )
    check_membership_unique(membership)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:  # two coordinators at once
        raise ValidationError(
            {
                "organisation": _(
                    "This person already has this function in this organisation."
                )
            }
        ) from error
    return membership


@transaction.atomic
def end_membership(*, membership: Membership, ended_on: datetime.date, by) -> None:
    """The person left the organisation on ``ended_on``; the membership stays
    in their history."""
    if ended_on > timezone.localdate():
        raise ValidationError(
            {"ended_on": _("The date someone left cannot be in the future.")}
        )
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on", "updated_at"])


@transaction.atomic
def delete_membership(*, membership: Membership, by) -> None:
    """Remove a membership recorded by mistake (leaving is ``end_membership``)."""
    membership.delete()


# Partnerships ------------------------------------------------------------


def same_partnership(partnership: Partnership):
    """Other partnerships between the same two organisations at the same
    level, whichever way round they were entered."""
    first, second = partnership.first_id, partnership.second_id
    return (
        Partnership.objects.filter(
            Q(first_id=first, second_id=second) | Q(first_id=second, second_id=first),
            level=partnership.level,
        )
        .exclude(pk=partnership.pk)
        .exists()
    )


DUPLICATE_PARTNERSHIP = gettext_lazy(
    "This partnership is already in the directory (perhaps entered from the "
    "other organisation)."
)


@transaction.atomic
def save_partnership(*, form, by) -> Partnership:
    """Create or change a partnership from a valid ``PartnershipForm``; A–B
    and B–A at the same level are one partnership."""
    partnership = form.save(commit=False)
    if same_partnership(partnership):
        raise ValidationError({"second": str(DUPLICATE_PARTNERSHIP)})
    try:
        with transaction.atomic():
            partnership.save()
    except IntegrityError as error:  # the database's own rule, under a race
        raise ValidationError({"second": str(DUPLICATE_PARTNERSHIP)}) from error
    return partnership


@transaction.atomic
def delete_partnership(*, partnership: Partnership, by) -> None:
    if partnership.convention_file:
        name = partnership.convention_file.name
        storage = partnership.convention_file.storage
        transaction.on_commit(lambda: storage.delete(name))
    partnership.delete()


# Organisations -----------------------------------------------------------


@transaction.atomic
def delete_organisation(*, organisation, by) -> None:
    """Delete an organisation entered by mistake, with its memberships and
    partnerships; one that organises events or committees is protected (the
    confirmation page says so; a duplicate is merged instead)."""
    from .services import _set_history_user

    _set_history_user(organisation, by)
    organisation.delete()
