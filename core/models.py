"""Shared plumbing: the user model and the time-stamped base model."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    """The roles are Django groups of these names."""

    COORDINATOR = "coordinateur", _("Coordinator")
    FUNDER = "financeur", _("Funder")
    PARTNER = "partenaire", _("Partner")


class User(AbstractUser):
    """A person who signs in. Roles are groups; organisations live in partners."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def role_names(self) -> frozenset[str]:
        """Group names, fetched once per request (the user object is per request)."""
        if not self.is_authenticated or self.pk is None:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    @cached_property
    def organisation_ids(self) -> frozenset[int]:
        """Ids of the organisations this user belongs to, fetched once."""
        if self.pk is None:
            return frozenset()
        return frozenset(self.organisations.values_list("pk", flat=True))

    @property
    def is_coordinator(self) -> bool:
        return self.is_superuser or Role.COORDINATOR in self.role_names

    @property
    def is_funder(self) -> bool:
        return Role.FUNDER in self.role_names

    @property
    def is_partner(self) -> bool:
        return Role.PARTNER in self.role_names


class OutboundMail(models.Model):
    """One e-mail to one recipient, in the recipient's language: the outbox.

    Written in the transaction of what caused it (``core.mail.queue_mail``)
    and sent by a worker, so a mail server outage costs a delay, never a
    failed request. Small attachments are stored inline; large files are
    named in the private storage and read when sending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"))
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="outboundmail_due_idx"
            ),
            models.Index(fields=["-created_at", "-id"], name="outboundmail_list_idx"),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class PersonalDataAccess(models.Model):
    """Who read, exported or anonymised a person's data, and when (RGPD).

    django-simple-history records what changed in the rows holding personal
    data; a read or an export changes nothing, so it is recorded here. The
    address searched stays until the person is anonymised, then becomes
    ``ERASED_ADDRESS``: who did what, and when, remains.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        DOWNLOADED = "downloaded", _("downloaded (JSON)")
        EXPORTED = "exported", _("exported (command)")
        ERASED = "erased", _("anonymised")

    at = models.DateTimeField(_("at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty for a server command."),
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    email = models.CharField(_("e-mail searched"), max_length=254, db_index=True)
    records = models.PositiveIntegerField(_("records"), default=0)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        indexes = [models.Index(fields=["-at", "-id"], name="personaldata_access_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.email}"


class ConsentTextQuerySet(models.QuerySet):
    def in_force(self, purpose, *, now=None):
        """The version in force for ``purpose``: the last one published."""
        return (
            self.filter(purpose=purpose, in_force_from__lte=now or timezone.now())
            .order_by("-in_force_from", "-pk")
            .first()
        )


class ConsentText(models.Model):
    """One version of a consent's wording. A version once published is never
    edited: a new wording is a new version, and each consent names the
    version it accepted."""

    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("Event registration")
        DIRECTORY = "directory", _("Partner directory")
        QUOTE = "quote", _("Quoted answer")

    purpose = models.CharField(
        _("consent"), max_length=20, choices=Purpose, default=Purpose.REGISTRATION
    )
    version = models.CharField(_("version"), max_length=40)
    text = models.TextField(_("text"))
    in_force_from = models.DateTimeField(_("in force from"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = ConsentTextQuerySet.as_manager()

    class Meta:
        ordering = ["purpose", "-in_force_from", "-pk"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version"], name="unique_consent_version"
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} — version {self.version}"
