"""A person's personal data across the platform (RGPD): export, erasure,
retention, and the register of processing activities.

A person is found by e-mail address, as the data subject writes to ask: the
directory entries (``partners.Person``) and the event registrations
(``events.Registration``) with that address, then everything that points at
them. Export follows Django's relations, so a model added later that points
at a person or a registration is exported without a change here.

Erasure anonymises instead of deleting: the rows stay, so every count
(registrations, attendance, committee members, answers), every indicator and
every frozen evaluation version stays right; what named the person goes.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ERASED_FIRST_NAME = "Personne"
ERASED_LAST_NAME = "anonymisée"
ERASED_DOMAIN = "anonyme.invalid"
# What the audit log keeps of the address of a person anonymised.
ERASED_ADDRESS = f"anonyme@{ERASED_DOMAIN}"
ERASURE_REASON = "anonymisation (RGPD)"


def erased_email(registration_pk: int) -> str:
    """An address no mail server accepts (RFC 2606), unique per registration
    (a registration's e-mail is unique per event)."""
    return f"anonyme-{registration_pk}@{ERASED_DOMAIN}"


def _people(email: str):
    from partners.models import Person

    return Person.objects.filter(email__iexact=email.strip()).order_by("pk")


def _registrations(email: str):
    from events.models import Registration

    return (
        Registration.objects.filter(email__iexact=email.strip())
        .select_related("event", "organisation")
        .order_by("event__starts_at", "pk")
    )


def _value(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


# Fields that are keys or plumbing, not data about the person.
_SKIPPED_FIELDS = {"token", "submission_key", "search_text", "sort_key"}


def _row(obj, *, skip: tuple[str, ...] = ()) -> dict:
    """A model row as a readable dictionary: its kind, id and fields named
    as the screens name them, a foreign key shown by what it points at."""
    data = {"type": str(obj._meta.verbose_name), "id": obj.pk}
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.name in _SKIPPED_FIELDS or f.name in skip:
            continue
        label = str(f.verbose_name)
        if f.is_relation:
            data[label] = _value(getattr(obj, f.name))
        else:
            data[label] = _value(f.value_from_object(obj))
    return data


def _related_rows(obj, *, skip_models: tuple = ()) -> list[dict]:
    """Every row pointing at ``obj`` through a foreign key, a one-to-one or a
    many-to-many (either side), as ``_row`` dictionaries."""
    rows = []
    meta = obj._meta
    for relation in meta.related_objects:
        model = relation.related_model
        if model in skip_models or model._meta.auto_created:
            continue
        accessor = relation.get_accessor_name()
        if relation.one_to_one:
            related = getattr(obj, accessor, None) if hasattr(obj, accessor) else None
            items = [related] if related is not None else []
        else:
            items = list(getattr(obj, accessor).all())
        remote = relation.field.name if hasattr(relation, "field") else ""
        rows.extend(_row(item, skip=(remote,)) for item in items)
    return rows


def _identified_responses(registrations):
    """Responses sent through a registration's personal invitation (an
    anonymous questionnaire keeps no such link, so none is found there)."""
    from evaluations.models import Response

    return (
        Response.objects.filter(invitation__registration__in=registrations)
        .select_related("questionnaire", "invitation__registration")
        .prefetch_related("answers__question", "answers__choice")
        .order_by("submitted_at", "pk")
    )


def _mails(email: str):
    from core.models import OutboundMail

    return OutboundMail.objects.filter(to__iexact=email.strip()).order_by(
        "created_at", "pk"
    )


BEFORE_VERSIONS = _("before consent texts were versioned")


def _consent(purpose, about: str, given, text, at) -> dict:
    """One consent as the export shows it: what for, given or not, the
    version of the text accepted ("before versions" for a consent given
    before texts were versioned) and when."""
    from core.models import ConsentText

    if not given:
        version = None
    elif text is None:
        version = str(BEFORE_VERSIONS)
    else:
        version = text.version
    return {
        "purpose": str(ConsentText.Purpose(purpose).label),
        "about": about,
        "given": bool(given),
        "version": version,
        "text": text.text if given and text is not None else None,
        "given_at": _value(at) if given else None,
    }


def export_person_data(email: str) -> dict:
    """Everything stored about the person with this e-mail address, as
    JSON-ready data: directory entries with their memberships, committees,
    attendance and actions; registrations with their parts, workshop places
    and invitations; identified answers; e-mails sent; each consent with
    the version of its text and its date."""
    from core.models import ConsentText
    from evaluations.models import Response
    from events.models import Registration

    email = email.strip()
    registrations = list(_registrations(email).select_related("consent_text"))
    people = []
    people_rows = list(_people(email).select_related("directory_consent_text"))
    responses = list(
        _identified_responses(registrations).select_related("quote_consent_text")
    )
    for person in people_rows:
        entry = _row(person)
        entry["related"] = _related_rows(person, skip_models=(Registration,))
        people.append(entry)
    regs = []
    for registration in registrations:
        entry = _row(registration)
        entry["event"] = str(registration.event)
        entry["related"] = _related_rows(registration, skip_models=(Response,))
        regs.append(entry)
    answers = [
        {
            "questionnaire": str(response.questionnaire),
            "submitted_at": _value(response.submitted_at),
            "may_be_quoted": response.quote_consent,
            "answers": [
                {
                    "question": answer.question.label,
                    "answer": answer.text_value
                    or (answer.choice.label if answer.choice_id else None)
                    or answer.int_value,
                }
                for answer in response.answers.all()
            ],
        }
        for response in responses
    ]
    mails = [
        {
            "subject": mail.subject,
            "kind": mail.kind,
            "status": mail.get_status_display(),
            "created_at": _value(mail.created_at),
            "sent_at": _value(mail.sent_at),
        }
        for mail in _mails(email)
    ]
    consents = [
        _consent(
            ConsentText.Purpose.DIRECTORY,
            str(person),
            person.directory_consent,
            person.directory_consent_text,
            person.directory_consent_at,
        )
        for person in people_rows
    ]
    consents += [
        _consent(
            ConsentText.Purpose.REGISTRATION,
            str(registration.event),
            registration.consent_at is not None,
            registration.consent_text,
            registration.consent_at,
        )
        for registration in registrations
    ]
    consents += [
        _consent(
            ConsentText.Purpose.QUOTE,
            str(response.questionnaire),
            response.quote_consent,
            response.quote_consent_text,
            response.quote_consent_at,
        )
        for response in responses
    ]
    users = [_row(user, skip=("password",)) for user in _users(email)]
    trail = [{**entry, "at": _value(entry["at"])} for entry in audit_trail(email)]
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "directory": people,
        "registrations": regs,
        "identified_answers": answers,
        "emails_sent": mails,
        "consents": consents,
        "accounts": users,
        "audit_trail": trail,
    }


def records_found(data: dict) -> int:
    """Records an export found: directory entries, registrations, answers,
    e-mails."""
    return sum(
        len(data[key])
        for key in ("directory", "registrations", "identified_answers", "emails_sent")
    )


def record_access(action: str, email: str, *, by=None, records: int = 0):
    """Record that ``by`` (None: a server command) read, exported or
    anonymised the data found under ``email``."""
    from core.models import PersonalDataAccess

    user = by if by is not None and by.is_authenticated else None
    return PersonalDataAccess.objects.create(
        action=action, email=email.strip().lower(), user=user, records=records
    )


_NOBODY = _("the person or a server command")


def _user_label(user, *, nobody=_NOBODY) -> str:
    """Who did it: a user, else the person themself (a registration's own
    link) or a command or task on the server."""
    if user is None:
        return str(nobody)
    return user.get_full_name() or user.get_username()


_HISTORY_ACTIONS = {
    "+": _("created"),
    "~": _("changed"),
    "-": _("deleted"),
}


def _history_person_ids(email: str) -> set[int]:
    """Directory entries with this address now or at any time before."""
    from partners.models import Person

    return set(_people(email).values_list("pk", flat=True)) | set(
        Person.history.filter(email__iexact=email).values_list("id", flat=True)
    )


def audit_trail(email: str) -> list[dict]:
    """Who created, changed, read, exported or anonymised the data of the
    person with this address, and when, newest first: the history of their
    directory entries, memberships and registrations, and the accesses
    recorded under the address. Seven queries, whatever the length."""
    from core.models import PersonalDataAccess
    from events.models import Registration
    from partners.models import Membership, Person

    email = email.strip()
    if not email:
        return []
    person_ids = _history_person_ids(email)
    entries = []

    def add(at, user, action, what, reason="", **label):
        entries.append(
            {
                "at": at,
                "by": _user_label(user, **label),
                "action": str(action),
                "record": str(what),
                "reason": reason or "",
            }
        )

    for row in Person.history.filter(id__in=person_ids).select_related("history_user"):
        add(
            row.history_date,
            row.history_user,
            _HISTORY_ACTIONS[row.history_type],
            _("directory entry no. %(pk)s") % {"pk": row.id},
            row.history_change_reason,
        )
    for row in Membership.history.filter(person_id__in=person_ids).select_related(
        "history_user", "organisation"
    ):
        add(
            row.history_date,
            row.history_user,
            _HISTORY_ACTIONS[row.history_type],
            _("membership no. %(pk)s (%(organisation)s)")
            % {"pk": row.id, "organisation": row.organisation},
            row.history_change_reason,
        )
    registration_ids = set(
        Registration.objects.filter(email__iexact=email).values_list("pk", flat=True)
    )
    for row in Registration.history.filter(
        models.Q(id__in=registration_ids) | models.Q(email__iexact=email)
    ).select_related("history_user", "event"):
        add(
            row.history_date,
            row.history_user,
            _HISTORY_ACTIONS[row.history_type],
            _("registration no. %(pk)s (%(event)s)")
            % {"pk": row.id, "event": row.event},
            row.history_change_reason,
        )
    for access in PersonalDataAccess.objects.filter(email__iexact=email).select_related(
        "user"
    ):
        add(
            access.at,
            access.user,
            access.get_action_display(),
            _("%(count)s records") % {"count": access.records},
            # Every page records its user: no user is a command.
            nobody=_("server command"),
        )
    entries.sort(key=lambda entry: entry["at"], reverse=True)
    return entries


def _users(email: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email.strip())


@dataclass
class Change:
    """One row the erasure changed (or would change): its kind, id and what."""

    kind: str
    pk: int
    what: str

    def __str__(self):
        return f"{self.kind} #{self.pk} : {self.what}"


@dataclass
class Erasure:
    changes: list[Change] = field(default_factory=list)
    # What erasure does not change, said to whoever runs it.
    left: list[str] = field(default_factory=list)

    def add(self, obj, what: str):
        self.changes.append(Change(str(obj._meta.verbose_name), obj.pk, str(what)))


def _set_history_user(obj, by) -> None:
    """Outside a request (a command, a task), the history names ``by``."""
    if by is not None and by.is_authenticated:
        obj._history_user = by


def _anonymise_registration_history(query) -> int:
    """The history rows of these registrations lose what the erasure takes
    from the registrations themselves; who changed them, and when, stays."""
    from django.db.models.functions import Cast, Concat

    from events.models import Registration

    return Registration.history.filter(query).update(
        first_name=ERASED_FIRST_NAME,
        last_name=ERASED_LAST_NAME,
        email=Concat(
            models.Value("anonyme-"),
            Cast("id", models.CharField()),
            models.Value(f"@{ERASED_DOMAIN}"),
            output_field=models.CharField(),
        ),
        dietary_needs="",
    )


def _anonymise_registrations(
    registrations, erasure: Erasure, *, dry_run: bool, email: str = "", by=None
):
    from evaluations.models import Answer, Testimonial

    registrations = list(registrations)
    if not dry_run and (registrations or email):
        query = models.Q(id__in=[r.pk for r in registrations])
        if email:
            # Also a registration deleted since, found by its old address.
            query |= models.Q(email__iexact=email)
        _anonymise_registration_history(query)
    for registration in registrations:
        erasure.add(registration, _("name, e-mail and dietary needs anonymised"))
        if dry_run:
            continue
        registration._change_reason = ERASURE_REASON
        _set_history_user(registration, by)
        registration.first_name = ERASED_FIRST_NAME
        registration.last_name = ERASED_LAST_NAME
        registration.email = erased_email(registration.pk)
        registration.dietary_needs = ""
        registration.submission_key = None
        registration.token = uuid.uuid4()
        registration.save(
            update_fields=[
                "first_name",
                "last_name",
                "email",
                "dietary_needs",
                "submission_key",
                "token",
                "updated_at",
            ]
        )
    responses = _identified_responses(registrations).prefetch_related(None)
    withdrawn = []
    for response in responses:
        erasure.add(response, _("first name removed; the answers are kept"))
        if not dry_run:
            response.first_name = ""
            response.quote_consent = False
            response.quote_consent_text = None
            response.quote_consent_at = None
            response.save(
                update_fields=[
                    "first_name",
                    "quote_consent",
                    "quote_consent_text",
                    "quote_consent_at",
                ]
            )
            withdrawn.append(response.pk)
    if withdrawn:
        # The consents given per answer are withdrawn too, in one query.
        Answer.objects.filter(response__in=withdrawn, quote_consent=True).update(
            quote_consent=False
        )
    quotes = Testimonial.objects.filter(
        answer__response__invitation__registration__in=registrations
    )
    for quote in quotes:
        erasure.add(quote, _("quote deleted"))
    if not dry_run:
        quotes.delete()


def _anonymise_people_history(person_ids) -> None:
    """The history rows of these directory entries and their memberships
    lose the name, address, phone and functions; who changed them, and
    when, stays (and the consent given or withdrawn, as proof)."""
    from partners.models import Membership, Person

    Person.history.filter(id__in=person_ids).update(
        first_name=ERASED_FIRST_NAME, last_name=ERASED_LAST_NAME, email="", phone=""
    )
    Membership.history.filter(person_id__in=person_ids).update(function="")


def erase_person(email: str, *, dry_run: bool = False, by=None) -> Erasure:
    """Anonymise the person with this e-mail address everywhere, in one
    transaction; with ``dry_run``, only say what would change.

    Directory entries keep their memberships (functions cleared), committee
    seats, attendance and actions under the name "Personne anonymisée";
    registrations keep their event, organisation, status, parts and
    attendance; identified answers lose their first name and quotes; the
    outbox's e-mails to the address lose address, subject and body (one still
    waiting is not sent). Accounts are left to an administrator.

    The history of those rows (django-simple-history) is anonymised the same
    way, and the accesses recorded under the address forget it; the erasure
    itself is recorded, with ``by`` (None: a server command)."""
    from core.models import PersonalDataAccess

    email = email.strip()
    erasure = Erasure()
    if not email:
        return erasure
    with transaction.atomic():
        person_ids = set() if dry_run else _history_person_ids(email)
        for person in _people(email).select_for_update():
            erasure.add(person, _("name, e-mail, phone and consent anonymised"))
            memberships = list(person.memberships.exclude(function=""))
            for membership in memberships:
                erasure.add(membership, _("function cleared"))
            if dry_run:
                continue
            person.first_name = ERASED_FIRST_NAME
            person.last_name = ERASED_LAST_NAME
            person.email = ""
            person.phone = ""
            person.directory_consent = False
            person.directory_consent_text = None
            person.directory_consent_at = None
            person._change_reason = ERASURE_REASON
            _set_history_user(person, by)
            person.save()
            # A person may hold two functions in one organisation; the
            # second keeps a number so that the rows stay distinct.
            seen: dict[int, int] = {}
            for membership in memberships:
                n = seen.get(membership.organisation_id, 0)
                seen[membership.organisation_id] = n + 1
                membership.function = "" if n == 0 else f"({n + 1})"
                membership._change_reason = ERASURE_REASON
                _set_history_user(membership, by)
                membership.save(update_fields=["function", "updated_at"])
        if not dry_run:
            _anonymise_people_history(person_ids)
        _anonymise_registrations(
            _registrations(email).select_for_update(of=("self",)),
            erasure,
            dry_run=dry_run,
            email=email,
            by=by,
        )

        for mail in _mails(email).select_for_update():
            erasure.add(mail, _("address, subject and body erased"))
            if dry_run:
                continue
            mail.to = f"anonyme@{ERASED_DOMAIN}"
            mail.subject = ""
            mail.body = ""
            mail.attachments = []
            fields = ["to", "subject", "body", "attachments"]
            if mail.status in (mail.Status.PENDING, mail.Status.SENDING):
                mail.status = mail.Status.FAILED
                mail.last_error = "destinataire effacé (RGPD)"
                fields += ["status", "last_error"]
            mail.save(update_fields=fields)
        if not dry_run:
            PersonalDataAccess.objects.filter(email__iexact=email).update(
                email=ERASED_ADDRESS
            )
            record_access(
                PersonalDataAccess.Action.ERASED,
                ERASED_ADDRESS,
                by=by,
                records=len(erasure.changes),
            )
    for user in _users(email):
        erasure.left.append(
            str(
                _(
                    "user account %(username)s uses this address: an "
                    "administrator deactivates or deletes it"
                )
            )
            % {"username": user.get_username()}
        )
    if erasure.changes:
        erasure.left.append(
            str(
                _(
                    "PDF documents already rendered keep their content until "
                    "they are rendered again"
                )
            )
        )
    return erasure


def retention_cutoff(now=None) -> dt.datetime:
    months = settings.PERSONAL_DATA_RETENTION_MONTHS
    now = now or timezone.now()
    return now - dt.timedelta(days=round(months * 30.44))


def anonymise_expired_registrations(*, now=None) -> int:
    """Anonymise the registrations of events that ended more than
    ``PERSONAL_DATA_RETENTION_MONTHS`` ago (the register's retention period),
    with their identified answers. Idempotent: an anonymised registration is
    not found again. Returns how many it anonymised."""
    from events.models import Registration

    expired = Registration.objects.filter(
        event__ends_at__lt=retention_cutoff(now)
    ).exclude(email__endswith=f"@{ERASED_DOMAIN}")
    erasure = Erasure()
    with transaction.atomic():
        _anonymise_registrations(
            expired.select_for_update(of=("self",)), erasure, dry_run=False
        )
    return sum(
        1 for c in erasure.changes if c.kind == str(Registration._meta.verbose_name)
    )


@dataclass(frozen=True)
class Processing:
    """One line of the register of processing activities (RGPD art. 30)."""

    name: str
    purpose: str
    legal_basis: str
    people: str
    data: str
    recipients: str
    retention: str


def processing_register() -> list[Processing]:
    months = settings.PERSONAL_DATA_RETENTION_MONTHS
    return [
        Processing(
            name=_("Partner directory"),
            purpose=_(
                "Keep the network's directory of organisations and their "
                "contacts; print the aide-mémoire."
            ),
            legal_basis=_("Legitimate interest; consent to be shown in the directory"),
            people=_("Contacts of partner organisations"),
            data=_("Name, e-mail, phone, function, organisation"),
            recipients=_("Coordinators; partners for consenting contacts"),
            retention=_("While the person belongs to a partner organisation"),
        ),
        Processing(
            name=_("Event registrations"),
            purpose=_(
                "Register participants, send confirmations, welcome them, "
                "count attendance, place them in workshops."
            ),
            legal_basis=_("Consent given on the registration form"),
            people=_("Participants, volunteers, professionals, elected officials"),
            data=_(
                "Name, e-mail, organisation, status, parts attended, lunch "
                "and dietary needs, workshop choices"
            ),
            recipients=_("Coordinators of the event"),
            retention=_("%(months)s months after the event, then anonymised")
            % {"months": months},
        ),
        Processing(
            name=_("Meetings and minutes"),
            purpose=_("Record who attended a meeting, decisions and actions."),
            legal_basis=_("Legitimate interest of the network"),
            people=_("Committee members and meeting attendees"),
            data=_("Name, organisation, presence, actions assigned"),
            recipients=_("Coordinators; the minutes' readers"),
            retention=_("Kept with the minutes, as the network's archives"),
        ),
        Processing(
            name=_("Satisfaction questionnaires"),
            purpose=_("Evaluate events and report to funders."),
            legal_basis=_("Consent (answering is optional)"),
            people=_("Respondents"),
            data=_(
                "Answers; first name and organisation when the questionnaire "
                "is not anonymous; quotes with consent"
            ),
            recipients=_("Coordinators; funders receive figures and consented quotes"),
            retention=_("%(months)s months after the event for identified answers")
            % {"months": months},
        ),
        Processing(
            name=_("E-mails sent"),
            purpose=_("Send confirmations, invitations and update links."),
            legal_basis=_("Execution of the registration; legitimate interest"),
            people=_("Recipients"),
            data=_("E-mail address, subject, message, delivery status"),
            recipients=_("Coordinators"),
            retention=_("Erased with the person on request"),
        ),
        Processing(
            name=_("Personal data log"),
            purpose=_(
                "Know who created, changed, read, exported or anonymised "
                "personal data, and when; keep the version of each consent "
                "text accepted."
            ),
            legal_basis=_("Legal obligation (GDPR accountability)"),
            people=_("Directory contacts, participants, coordinators"),
            data=_(
                "Earlier values of the records, who changed them and when; "
                "accesses and exports; consent text versions"
            ),
            recipients=_("Coordinators"),
            retention=_(
                "As long as the records; anonymised with the person, the "
                "entries of who did what remain"
            ),
        ),
    ]
