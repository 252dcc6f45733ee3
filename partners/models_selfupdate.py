"""Self-update review: per-field decisions, proposed contacts, verification.

Kept apart from ``models.py`` (imported at its end): what a coordinator
decided about each part of a partner's proposal, the people a partner
proposes to add, change or remove, and when each entry was last verified.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimeStampedModel


class EntryCheck(TimeStampedModel):
    """When an organisation's entry was last verified, and its link version.

    Raising ``link_generation`` revokes every self-update link made before:
    a link carries the generation it was made for.
    """

    organisation = models.OneToOneField(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="entry_check",
        verbose_name=_("organisation"),
    )
    last_verified_at = models.DateTimeField(
        _("last verified"), null=True, blank=True, db_index=True
    )
    link_generation = models.PositiveIntegerField(_("link version"), default=0)
    links_revoked_at = models.DateTimeField(
        _("links revoked at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("entry check")
        verbose_name_plural = _("entry checks")

    def __str__(self):
        return str(self.organisation)


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class FieldDecision(models.Model):
    """A coordinator's answer to one field of a proposal."""

    change_request = models.ForeignKey(
        "partners.ChangeRequest",
        on_delete=models.CASCADE,
        related_name="field_decisions",
        verbose_name=_("change request"),
    )
    field = models.CharField(_("field"), max_length=40)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("field decision")
        verbose_name_plural = _("field decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["change_request", "field"], name="unique_field_decision"
            )
        ]

    def __str__(self):
        return f"{self.field}: {self.get_decision_display()}"


class ProposedContact(models.Model):
    """One person a partner proposes to add, change or remove, with the
    coordinator's decision once reviewed."""

    class Action(models.TextChoices):
        ADD = "add", _("Add")
        CHANGE = "change", pgettext_lazy("person", "Change")
        REMOVE = "remove", _("Remove")

    change_request = models.ForeignKey(
        "partners.ChangeRequest",
        on_delete=models.CASCADE,
        related_name="proposed_contacts",
        verbose_name=_("change request"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    # The role changed or removed; null for an addition (or deleted since).
    membership = models.ForeignKey(
        "partners.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("membership"),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    function = models.CharField(
        pgettext_lazy("job", "function"), max_length=150, blank=True
    )
    status = models.CharField(_("status"), max_length=20, blank=True)
    directory_consent = models.BooleanField(
        _("agrees to appear in the directory"), default=False
    )
    # The consent text shown when the partner ticked the box (core.consent).
    directory_consent_text = models.ForeignKey(
        "core.ConsentText",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("directory consent text shown"),
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposed contact")
        verbose_name_plural = _("proposed contacts")

    def __str__(self):
        return f"{self.get_action_display()}: {self.full_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
