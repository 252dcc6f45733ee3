"""Shared plumbing: the user model and the time-stamped base model."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
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
