"""Ateliers: the small-group sessions of an event."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Workshop(TimeStampedModel):
    """An atelier of an event: a question worked on in a room."""

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="workshops",
        verbose_name=_("event"),
    )
    title = models.CharField(_("title or question"), max_length=300)
    room = models.CharField(_("room"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ["event", "title"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self):
        return self.title
