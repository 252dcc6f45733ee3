"""Everything that writes to the partner directory."""

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import queue_mail

from . import importing, selfupdate
from .consent import IN_FORCE, directory_text_in_force, set_directory_consent
from .models import (
    ChangeRequest,
    ImportPreview,
    Membership,
    Organisation,
    Partnership,
    Person,
)
from .selfupdate import ChangeRequestStateError  # noqa: F401 (raised from here too)

logger = logging.getLogger(__name__)

UPDATE_LINK_SALT = "partners.self-update"
UPDATE_LINK_MAX_AGE = 30 * 24 * 3600  # thirty days
# What a partner may change about its own entry.
SELF_UPDATE_FIELDS = (
    "name",
    "acronym",
    "mission",
    "address",
    "postal_code",
    "commune",
    "website",
    "email",
    "phone",
    "audiences",
    "themes",
)
M2M_FIELDS = ("audiences", "themes")


class LinkRevoked(Exception):
    """A self-update link made before its organisation's links were revoked."""


def _set_history_user(organisation: Organisation, by) -> None:
    if by is not None and getattr(by, "is_authenticated", False):
        organisation._history_user = by


@transaction.atomic
def save_organisation(*, form, by) -> Organisation:
    """Save a create or edit form; the history records ``by``."""
    organisation = form.save(commit=False)
    _set_history_user(organisation, by)
    organisation.save()
    form.save_m2m()
    return organisation


@transaction.atomic
def add_member(
    *,
    organisation: Organisation,
    data: dict,
    by,
    consent_text=IN_FORCE,
    consent_at=None,
) -> Membership:
    """Record a person's role in ``organisation``.

    A person with the same e-mail address is reused, so one person may belong
    to several organisations. Adding the same role twice changes nothing.

    A directory consent given (never withdrawn here) records ``consent_text``,
    the version shown (the one in force by default; ``None`` for a consent
    given before texts were versioned), and ``consent_at`` (now by default).
    """
    person_fields = ("first_name", "last_name", "email", "phone")
    values = {name: data.get(name) or "" for name in person_fields}
    given = bool(data.get("directory_consent"))
    if consent_text is IN_FORCE:
        consent_text = directory_text_in_force() if given else None
    person = None
    if values["email"]:
        person = Person.objects.filter(email__iexact=values["email"]).first()
    if person is None:
        person = Person(**values)
        was = False
    else:
        for name, value in values.items():
            if value:
                setattr(person, name, value)
        was = person.directory_consent
    set_directory_consent(
        person, given=was or given, was=was, text=consent_text, at=consent_at
    )
    person.save()
    membership, _created = Membership.objects.update_or_create(
        person=person,
        organisation=organisation,
        function=data.get("function") or "",
        defaults={"status": data["status"]},
    )
    return membership


# Merging ---------------------------------------------------------------


def _move_rows(model, field_name: str, source, target) -> None:
    """Point every row of ``model`` from source to target, dropping clashes."""
    for row in model._base_manager.filter(**{field_name: source}):
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=row.pk).update(**{field_name: target})
        except IntegrityError:
            # The target already has the same row (a unique constraint says so).
            row.delete()


@transaction.atomic
def merge_organisations(*, keep: Organisation, duplicate: Organisation, by):
    """Fold ``duplicate`` into ``keep``, keeping every relation, then delete it.

    Relations are found through Django's model introspection, so rows of other
    apps pointing at an organisation (events, workshops…) move too without
    this app importing them. Empty fields of ``keep`` are filled from the
    duplicate. Partnerships that would link ``keep`` to itself are dropped.
    """
    if keep.pk == duplicate.pk:
        raise ValueError(_("An organisation cannot be merged with itself."))
    for relation in Organisation._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            if not through._meta.auto_created:
                continue  # its foreign key is handled as a one-to-many below
            for through_field in through._meta.fields:
                if (
                    isinstance(through_field, models.ForeignKey)
                    and through_field.related_model is Organisation
                ):
                    _move_rows(through, through_field.name, duplicate, keep)
        else:
            _move_rows(relation.related_model, relation.field.name, duplicate, keep)
    for m2m in Organisation._meta.many_to_many:
        getattr(keep, m2m.name).add(*getattr(duplicate, m2m.name).all())
    Partnership.objects.filter(first=keep, second=keep).delete()
    for model_field in Organisation._meta.concrete_fields:
        if model_field.primary_key or model_field.name in (
            "created_at",
            "updated_at",
            "search_text",
        ):
            continue
        if not getattr(keep, model_field.attname) and getattr(
            duplicate, model_field.attname
        ):
            if model_field.name == "parent" and duplicate.parent_id == keep.pk:
                continue
            setattr(keep, model_field.attname, getattr(duplicate, model_field.attname))
    if keep.parent_id == duplicate.pk:
        keep.parent = None
    duplicate_label = str(duplicate)
    Organisation.objects.filter(pk=duplicate.pk).delete()
    _set_history_user(keep, by)
    keep._change_reason = _("Merged with %(name)s") % {"name": duplicate_label}
    keep.save()
    return keep


def delete_vocabulary_entry(*, entry, by) -> None:
    """Delete an audience or theme; the organisations using it lose it.

    Each organisation's history records the change, with ``by``.
    """
    with transaction.atomic():
        organisations = list(entry.organisations.all())
        entry.delete()
        reason = _("“%(name)s” deleted from the vocabulary") % {"name": entry.name}
        for organisation in organisations:
            _set_history_user(organisation, by)
            organisation._change_reason = reason
            organisation.save()


# Self-update links -----------------------------------------------------


def make_update_token(*, organisation: Organisation) -> str:
    signer = signing.TimestampSigner(salt=UPDATE_LINK_SALT)
    generation = selfupdate.link_generation(organisation.pk)
    value = f"{organisation.pk}.{generation}" if generation else str(organisation.pk)
    return signer.sign(value)


def organisation_from_token(token: str) -> Organisation:
    """Return the organisation a link was made for.

    Raises ``signing.SignatureExpired`` after thirty days,
    ``signing.BadSignature`` when tampered with and
    ``Organisation.DoesNotExist`` when it was deleted since, ``LinkRevoked``
    when a coordinator revoked the organisation's links since it was made.
    """
    signer = signing.TimestampSigner(salt=UPDATE_LINK_SALT)
    value = signer.unsign(token, max_age=UPDATE_LINK_MAX_AGE)
    pk, _dot, generation = value.partition(".")
    organisation = Organisation.objects.get(pk=int(pk))
    if int(generation or 0) < selfupdate.link_generation(organisation.pk):
        raise LinkRevoked(organisation.pk)
    return organisation


def send_update_link(*, organisation: Organisation, link: str, by) -> bool:
    """Put the link in the outbox for the organisation's generic address, if
    it has one, in the site's language (an organisation has none of its
    own). A worker sends it: the mail server is never waited for here."""
    if not organisation.email:
        return False
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        queue_mail(
            to=organisation.email,
            subject=_("Update your entry in the partner directory"),
            body=_(
                "Hello,\n\nThe network keeps a directory of its partner "
                "organisations. Please check and update the entry of "
                "%(name)s with this link, valid for 30 days:\n\n%(link)s\n\n"
                "No account is needed. Your changes will be reviewed by a "
                "coordinator.\n"
            )
            % {"name": organisation.name, "link": link},
            language=language,
            kind="partners.update_link",
        )
    return True


def _current_value(organisation: Organisation, name: str):
    if name in M2M_FIELDS:
        return sorted(getattr(organisation, name).values_list("pk", flat=True))
    return getattr(organisation, name)


def pending_proposal(organisation: Organisation) -> dict:
    """The form's starting values: the organisation's pending proposal, if
    any (audiences and themes deleted since are left out), and who sent it.

    Someone who opens the update link again goes on from what was proposed,
    not from the entry, so a second submission never drops the first one's
    changes without a word.
    """
    change = (
        organisation.change_requests.filter(status=ChangeRequest.Status.PENDING)
        .order_by("-created_at", "-pk")
        .first()
    )
    if change is None:
        return {}
    initial = {
        name: value
        for name, value in change.proposed.items()
        if name in SELF_UPDATE_FIELDS and name not in M2M_FIELDS
    }
    for name in M2M_FIELDS:
        if name in change.proposed:
            model = Organisation._meta.get_field(name).related_model
            initial[name] = list(
                model.objects.filter(pk__in=change.proposed[name]).values_list(
                    "pk", flat=True
                )
            )
    initial["submitter_name"] = change.submitter_name
    return initial


@transaction.atomic
def submit_change_request(
    *,
    organisation: Organisation,
    data: dict,
    submitter_name: str,
    by=None,
    submission_key: str | None = None,
    contacts=(),
) -> ChangeRequest | None:
    """Queue the fields that differ from the entry for a coordinator's review.

    Returns ``None`` when nothing differs. A pending request of the same
    organisation is marked superseded, and kept as it was sent: the review
    shows the latest, the history keeps both. ``submission_key`` is the
    form's one-time key: the same form sent again (a double tap) returns the
    request it made, and writes nothing. ``contacts`` are the people added,
    changed or removed (``selfupdate.contact_changes``), reviewed one by one.
    """
    if submission_key and (
        sent := ChangeRequest.objects.filter(submission_key=submission_key).first()
    ):
        return sent
    proposed = {}
    for name in SELF_UPDATE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in M2M_FIELDS:
            value = sorted(item.pk for item in value)
        if value != _current_value(organisation, name):
            proposed[name] = value
    if not proposed and not contacts:
        return None
    organisation.change_requests.filter(status=ChangeRequest.Status.PENDING).update(
        status=ChangeRequest.Status.SUPERSEDED, updated_at=timezone.now()
    )
    try:
        with transaction.atomic():
            change = ChangeRequest.objects.create(
                organisation=organisation,
                proposed=proposed,
                submitted_by=by if by is not None and by.is_authenticated else None,
                submitter_name=submitter_name[:150],
                submission_key=submission_key or None,
            )
            selfupdate.add_proposed_contacts(change_request=change, contacts=contacts)
            return change
    except IntegrityError:
        # Both taps at once: the key's unique constraint let one through.
        sent = ChangeRequest.objects.filter(submission_key=submission_key).first()
        if sent is None:
            raise
        return sent


def accept_change_request(*, change_request: ChangeRequest, by) -> Organisation:
    """Accept every field and person of a proposal (see
    ``selfupdate.review_change_request``: the partner is told, the entry
    dated as verified). Audiences and themes deleted since the proposal are
    left out. Raises ``ValidationError`` (nothing written) when a value no
    longer validates.
    """
    fields, contacts = selfupdate.decide_all(
        change_request, selfupdate.Decision.ACCEPTED
    )
    change_request = selfupdate.review_change_request(
        change_request=change_request, fields=fields, contacts=contacts, by=by
    )
    return change_request.organisation


def reject_change_request(*, change_request: ChangeRequest, by) -> ChangeRequest:
    """Refuse every field and person of a proposal, without a reason."""
    fields, contacts = selfupdate.decide_all(
        change_request, selfupdate.Decision.REFUSED
    )
    return selfupdate.review_change_request(
        change_request=change_request, fields=fields, contacts=contacts, by=by
    )


# Imports ---------------------------------------------------------------

IMPORT_PREVIEW_LIFETIME = dt.timedelta(days=1)


def create_import_preview(
    *, content: bytes, filename: str, postal_code: str, by
) -> ImportPreview:
    """Store an uploaded file (private storage) until ``by`` confirms it."""
    preview = ImportPreview(
        created_by=by, filename=filename[-100:], postal_code=postal_code
    )
    preview.file.save(f"{preview.token}.dat", ContentFile(content), save=False)
    preview.save()
    return preview


def plan_preview(preview: ImportPreview) -> importing.ImportPlan:
    """What confirming would do now; raises ``importing.ImportFileError``
    (also when the stored file is gone)."""
    try:
        with preview.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError) as error:
        raise importing.ImportFileError(
            _("The uploaded file is no longer available; upload it again.")
        ) from error
    table = importing.read_table(
        content, preview.filename, postal_code=preview.postal_code
    )
    return importing.plan_import(table)


def _delete_file_on_commit(preview: ImportPreview) -> None:
    name, storage = preview.file.name, preview.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    preview.file = ""


@transaction.atomic
def confirm_import(
    *, preview: ImportPreview, by, kept=(), decided=()
) -> tuple[ImportPreview, bool]:
    """Import the previewed file once; return the preview and whether this
    call imported it.

    ``kept`` and ``decided`` are ``(line, field)`` pairs: the changes the
    importer saw (``decided``) and those of them whose current value stays
    (``kept``); a change not shown keeps its default (see
    ``ImportPlan.default_kept``). The preview is claimed by a conditional
    ``UPDATE``: a second confirmation, even concurrent, imports nothing and
    finds the first one's counts in ``preview.result``. The file is deleted
    once the import commits; ``importing.ImportFileError`` leaves the
    preview waiting.
    """
    claimed = ImportPreview.objects.filter(
        pk=preview.pk, status=ImportPreview.Status.PENDING
    ).update(status=ImportPreview.Status.DONE, updated_at=timezone.now())
    preview.refresh_from_db()
    if not claimed:
        return preview, False
    plan = plan_preview(preview)
    kept = set(kept) | (plan.default_kept() - set(decided))
    importing.apply_plan(plan, by=by, kept=kept)
    preview.result = {
        "created": len(plan.created),
        "updated": len(plan.updated),
        "rejected": len(plan.rejected),
    }
    _delete_file_on_commit(preview)
    preview.save(update_fields=["result", "file", "updated_at"])
    return preview, True


def delete_stale_import_previews(*, now=None) -> int:
    """Delete the previews (and files) older than a day; return how many.

    An unconfirmed upload holds declarants' personal data: it is not kept.
    """
    limit = (now or timezone.now()) - IMPORT_PREVIEW_LIFETIME
    count = 0
    for preview in ImportPreview.objects.filter(created_at__lt=limit):
        with transaction.atomic():
            _delete_file_on_commit(preview)
            preview.delete()
        count += 1
    if count:
        logger.info("Deleted %d stale partner import previews.", count)
    return count
