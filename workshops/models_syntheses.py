"""The synthesis of an atelier: what its rapporteur brings to the plenary."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.scoping import ScopedQuerySet

__all__ = ["WorkshopSynthesis", "new_synthesis_token"]


def new_synthesis_token() -> str:
    return secrets.token_urlsafe(18)


class WorkshopSynthesisQuerySet(ScopedQuerySet):
    pass


class WorkshopSynthesis(TimeStampedModel):
    """One per atelier, written by its rapporteur (from a secret link, without
    an account) or by a coordinator; shown at the plenary restitution and in
    the event's bilan."""

    workshop = models.OneToOneField(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        related_name="synthesis",
        verbose_name=_("workshop"),
    )
    token = models.CharField(
        _("rapporteur's link token"),
        max_length=32,
        unique=True,
        default=new_synthesis_token,
        editable=False,
    )
    key_points = models.TextField(_("key points"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    resources = models.TextField(
        _("tools and resources"),
        blank=True,
        help_text=_(
            "One per line: a name, then its web address if it has one "
            "(“PIX https://pix.fr”)."
        ),
    )
    success_indicators = models.TextField(_("success indicators"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )
    # Written last from the rapporteur's link (no account: updated_by empty).
    by_rapporteur = models.BooleanField(_("written by the rapporteur"), default=False)
    # The last form's one-time key (core.forms.OneTimeKeyField): the same
    # form sent twice is saved once.
    submission_key = models.CharField(
        _("submission key"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
    )

    objects = WorkshopSynthesisQuerySet.as_manager()

    class Meta:
        ordering = ["workshop__event", "workshop__title"]
        verbose_name = _("workshop synthesis")
        verbose_name_plural = _("workshop syntheses")

    def __str__(self):
        return str(self.workshop)

    def get_public_url(self) -> str:
        return reverse("workshops:synthesis_public", args=[self.token])

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.key_points,
                self.recommendations,
                self.resources,
                self.success_indicators,
                self.notes,
            )
        )

    @property
    def resource_list(self):
        from workshops.syntheses import parse_resources

        return parse_resources(self.resources)[0]
