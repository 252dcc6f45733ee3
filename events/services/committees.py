"""Committees and their members: what the coordinators' pages write."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Committee, CommitteeMember


def _unique_slug(committee: Committee) -> str:
    base = (slugify(committee.title) or "comite")[:100]
    slug, number = base, 2
    taken = Committee.objects.exclude(pk=committee.pk)
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def save_committee(*, form, by) -> Committee:
    """Create or change a committee from a valid ``CommitteeForm``; a new
    committee's address name (slug) comes from its title."""
    committee = form.save(commit=False)
    if not committee.slug:
        committee.slug = _unique_slug(committee)
    committee.save()
    return committee


@transaction.atomic
def delete_committee(*, committee: Committee, by) -> None:
    """Its members go; its meetings stay, without a committee."""
    committee.delete()


@transaction.atomic
def add_committee_member(*, member: CommitteeMember, by) -> CommitteeMember:
    """Add a person to a committee; without an organisation given, the
    person's only current one is taken."""
    if member.organisation_id is None:
        organisations = [
            m.organisation_id
            for m in member.person.memberships.all()
            if m.ended_on is None
        ]
        if len(set(organisations)) == 1:
            member.organisation_id = organisations[0]
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:
        raise ValidationError(
            {"person": _("This person is already a member of the committee.")}
        ) from error
    return member


@transaction.atomic
def remove_committee_member(*, member: CommitteeMember, by) -> None:
    member.delete()
