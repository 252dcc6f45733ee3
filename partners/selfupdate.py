"""Self-update review: field by field, people included, and verification.

A coordinator accepts or refuses each field and each proposed person of a
partner's proposal, with a reason; the partner receives the answer through
the outbox. Reviewing, or verifying an entry by hand, dates the entry's last
verification; entries not verified for a year can all be sent their link at
once. Raising an entry's link version revokes the links sent before.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.mail import queue_mail
from core.queue import enqueue_on_commit

from .consent import directory_text_in_force, set_directory_consent
from .models import ChangeRequest, Membership, Organisation
from .models_selfupdate import Decision, EntryCheck, FieldDecision, ProposedContact  # noqa: F401

STALE_AFTER = dt.timedelta(days=365)
# Above this many entries the links are sent by a worker, not in the request.
INLINE_LINKS = 20
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "directory_consent")
ROLE_FIELDS = ("function", "status")


class ChangeRequestStateError(Exception):
    pass


# Verification and links ---------------------------------------------------


def link_generation(organisation_id: int) -> int:
    return (
        EntryCheck.objects.filter(organisation_id=organisation_id)
        .values_list("link_generation", flat=True)
        .first()
        or 0
    )


def mark_verified(*, organisation: Organisation, when=None) -> EntryCheck:
    """Date the entry's last verification (now by default)."""
    check, _created = EntryCheck.objects.update_or_create(
        organisation=organisation,
        defaults={"last_verified_at": when or timezone.now()},
    )
    return check


@transaction.atomic
def revoke_update_links(*, organisation: Organisation) -> EntryCheck:
    """Make every self-update link sent so far unusable."""
    check, _created = EntryCheck.objects.get_or_create(organisation=organisation)
    EntryCheck.objects.filter(pk=check.pk).update(
        link_generation=F("link_generation") + 1,
        links_revoked_at=timezone.now(),
        updated_at=timezone.now(),
    )
    check.refresh_from_db()
    return check


def stale_entries(*, queryset=None, now=None) -> QuerySet[Organisation]:
    """Active organisations (of ``queryset``, all by default) never
    verified, or not verified for a year."""
    limit = (now or timezone.now()) - STALE_AFTER
    queryset = Organisation.objects.all() if queryset is None else queryset
    return (
        queryset.active()
        .filter(
            Q(entry_check__isnull=True)
            | Q(entry_check__last_verified_at__isnull=True)
            | Q(entry_check__last_verified_at__lt=limit)
        )
        .select_related("entry_check")
        .order_by(F("entry_check__last_verified_at").asc(nulls_first=True), "name")
    )


def update_link(organisation: Organisation, *, base_url: str) -> str:
    from .services import make_update_token

    path = reverse(
        "partners:public_organisation_update",
        args=[make_update_token(organisation=organisation)],
    )
    return base_url.rstrip("/") + path


def send_update_links(*, organisation_ids, base_url: str, by=None) -> dict:
    """Queue each organisation's update link (``services.send_update_link``);
    return how many were queued and how many have no e-mail."""
    from .services import send_update_link

    counts = {"sent": 0, "no_email": 0}
    organisations = Organisation.objects.filter(pk__in=list(organisation_ids))
    for organisation in organisations.order_by("pk"):
        with transaction.atomic():
            sent = send_update_link(
                organisation=organisation,
                link=update_link(organisation, base_url=base_url),
                by=by,
            )
        counts["sent" if sent else "no_email"] += 1
    return counts


def send_stale_links(*, base_url: str, by=None) -> tuple[int, int, bool]:
    """Send every stale entry with an e-mail its link: here when they are
    few, else through a worker. Returns how many entries get one, how many
    have no e-mail (to be reached by hand) and whether a worker was asked."""
    stale = stale_entries()
    ids = list(stale.exclude(email="").values_list("pk", flat=True))
    without_email = stale.filter(email="").count()
    if len(ids) <= INLINE_LINKS:
        send_update_links(organisation_ids=ids, base_url=base_url, by=by)
        return len(ids), without_email, False
    from .tasks import send_update_links_task

    enqueue_on_commit(send_update_links_task, organisation_ids=ids, base_url=base_url)
    return len(ids), without_email, True


# Proposed people ----------------------------------------------------------


def contact_changes(*, organisation: Organisation, rows) -> list[dict]:
    """What a partner's people form proposes, as rows for ``ProposedContact``.

    ``rows`` are cleaned forms: ``membership`` (an id of this organisation's,
    or ``None`` for a new person), the person's fields, ``function``,
    ``status`` and ``remove``. Unchanged people are left out.
    """
    memberships = {
        m.pk: m for m in organisation.memberships.select_related("person").all()
    }
    changes = []
    for row in rows:
        if not row:
            continue
        values = {name: row.get(name) or "" for name in (*CONTACT_FIELDS, *ROLE_FIELDS)}
        values["directory_consent"] = bool(row.get("directory_consent"))
        membership = memberships.get(row.get("membership") or 0)
        if row.get("membership") and membership is None:
            continue  # not one of this organisation's people
        if membership is None:
            if row.get("first_name") and not row.get("remove"):
                changes.append({"action": ProposedContact.Action.ADD, **values})
            continue
        if row.get("remove"):
            current = _contact_values(membership)
            changes.append(
                {
                    "action": ProposedContact.Action.REMOVE,
                    "membership": membership,
                    **current,
                }
            )
        elif values != _contact_values(membership):
            changes.append(
                {
                    "action": ProposedContact.Action.CHANGE,
                    "membership": membership,
                    **values,
                }
            )
    return changes


def _contact_values(membership: Membership) -> dict:
    person = membership.person
    values = {name: getattr(person, name) for name in CONTACT_FIELDS}
    values.update(function=membership.function, status=membership.status)
    return values


def add_proposed_contacts(*, change_request: ChangeRequest, contacts) -> None:
    """Store the proposed people; a directory consent ticked keeps the
    version of the text the form showed (the one in force)."""
    text = directory_text_in_force() if contacts else None
    ProposedContact.objects.bulk_create(
        ProposedContact(
            change_request=change_request,
            directory_consent_text=text if values.get("directory_consent") else None,
            **values,
        )
        for values in contacts
    )


def _apply_contact(
    contact: ProposedContact, organisation: Organisation, by, *, proposed_at
) -> None:
    """Apply one accepted person of a proposal.

    A directory consent is recorded here, when the coordinator accepts, not
    when the partner submits: until then the directory does not change, and
    a refused proposal gives no consent. But what it records is what the
    partner did: the version of the text the form showed
    (``directory_consent_text``, stored with the proposal) and the time of
    the proposal (``proposed_at``), not a newer text nor the review's time.
    """
    from .services import add_member

    data = {name: getattr(contact, name) for name in (*CONTACT_FIELDS, *ROLE_FIELDS)}
    data["status"] = data["status"] or Membership.Status.EMPLOYEE
    if contact.action == ProposedContact.Action.ADD:
        add_member(
            organisation=organisation,
            data=data,
            by=by,
            consent_text=contact.directory_consent_text,
            consent_at=proposed_at,
        )
        return
    membership = contact.membership
    if membership is None:
        return  # removed since the proposal
    if contact.action == ProposedContact.Action.REMOVE:
        membership.delete()
        return
    person = membership.person
    set_directory_consent(
        person,
        given=data["directory_consent"],
        was=person.directory_consent,
        text=contact.directory_consent_text,
        at=proposed_at,
    )
    for name in CONTACT_FIELDS:
        setattr(person, name, data[name])
    person.full_clean()
    person.save()
    membership.function = data["function"]
    membership.status = data["status"]
    membership.full_clean()  # a role held twice is a ValidationError, not a 500
    membership.save()


# Review -------------------------------------------------------------------


def field_label(name: str) -> str:
    return capfirst(str(Organisation._meta.get_field(name).verbose_name))


def contact_label(contact: ProposedContact) -> str:
    return f"{contact.get_action_display()} : {contact.full_name}"


@transaction.atomic
def review_change_request(
    *,
    change_request: ChangeRequest,
    fields: dict,
    contacts: dict | None = None,
    by,
) -> ChangeRequest:
    """Apply the accepted fields and people of a proposal, record every
    decision with its reason, date the entry's verification and queue the
    answer to the partner.

    ``fields`` maps each proposed field to ``(decision, reason)``;
    ``contacts`` maps ``ProposedContact`` ids the same way. A field or person
    left out is refused. Raises ``ChangeRequestStateError`` when already
    reviewed and ``ValidationError`` (nothing written) when an accepted value
    no longer validates.
    """
    from .services import M2M_FIELDS, SELF_UPDATE_FIELDS, _set_history_user

    change_request = (
        # Only the proposal's row: PostgreSQL cannot lock the nullable side
        # of the outer join to its author.
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "submitted_by")
        .get(pk=change_request.pk)
    )
    if change_request.status != ChangeRequest.Status.PENDING:
        raise ChangeRequestStateError(_("This change has already been reviewed."))
    contacts = contacts or {}
    organisation = change_request.organisation
    decisions = []
    changed = False
    for name, value in change_request.proposed.items():
        if name not in SELF_UPDATE_FIELDS:
            continue
        decision, reason = fields.get(name, (Decision.REFUSED, ""))
        decisions.append(
            FieldDecision(
                change_request=change_request,
                field=name,
                decision=decision,
                reason=reason or "",
            )
        )
        if decision != Decision.ACCEPTED:
            continue
        changed = True
        if name in M2M_FIELDS:
            model = Organisation._meta.get_field(name).related_model
            existing = model.objects.filter(pk__in=value).values_list("pk", flat=True)
            getattr(organisation, name).set(sorted(existing))
        else:
            setattr(organisation, name, value)
    if changed:
        organisation.full_clean(exclude=["logo"])
        _set_history_user(organisation, by)
        organisation._change_reason = _("Update proposed by %(name)s") % {
            "name": change_request.submitter_name
        }
        organisation.save()
    FieldDecision.objects.bulk_create(decisions)
    proposed_contacts = list(
        change_request.proposed_contacts.select_related("membership__person")
    )
    for contact in proposed_contacts:
        decision, reason = contacts.get(contact.pk, (Decision.REFUSED, ""))
        contact.decision, contact.reason = decision, reason or ""
        if decision == Decision.ACCEPTED:
            changed = True
            _apply_contact(
                contact, organisation, by, proposed_at=change_request.created_at
            )
    ProposedContact.objects.bulk_update(proposed_contacts, ["decision", "reason"])
    change_request.status = (
        ChangeRequest.Status.ACCEPTED if changed else ChangeRequest.Status.REJECTED
    )
    change_request.reviewed_by = by
    change_request.reviewed_at = timezone.now()
    change_request.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    mark_verified(organisation=organisation, when=change_request.reviewed_at)
    queue_review_answer(
        change_request=change_request, decisions=decisions, contacts=proposed_contacts
    )
    return change_request


def queue_review_answer(*, change_request, decisions, contacts) -> bool:
    """Tell the partner what was accepted and refused, and why."""
    submitter = change_request.submitted_by
    to = (submitter.email if submitter else "") or change_request.organisation.email
    if not to:
        return False
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        lines = []
        items = [(field_label(d.field), d.decision, d.reason) for d in decisions]
        items += [(contact_label(c), c.decision, c.reason) for c in contacts]
        for label, decision, reason in items:
            if decision == Decision.ACCEPTED:
                lines.append(_("- %(field)s: accepted") % {"field": label})
            elif reason:
                lines.append(
                    _("- %(field)s: refused (%(reason)s)")
                    % {"field": label, "reason": reason}
                )
            else:
                lines.append(_("- %(field)s: refused") % {"field": label})
        queue_mail(
            to=to,
            subject=_("Your update of %(name)s was reviewed")
            % {"name": change_request.organisation.name},
            body=_(
                "Hello %(person)s,\n\nA coordinator of the network reviewed the "
                "changes you proposed for the entry of %(name)s:\n\n%(lines)s\n\n"
                "Thank you for keeping the directory up to date.\n"
            )
            % {
                "person": change_request.submitter_name,
                "name": change_request.organisation.name,
                "lines": "\n".join(lines),
            },
            language=language,
            kind="partners.review_answer",
        )
    return True


def decide_all(change_request: ChangeRequest, decision: str, reason: str = ""):
    """Every field and person of a proposal given the same answer."""
    fields = {name: (decision, reason) for name in change_request.proposed}
    contacts = {
        pk: (decision, reason)
        for pk in change_request.proposed_contacts.values_list("pk", flat=True)
    }
    return fields, contacts
