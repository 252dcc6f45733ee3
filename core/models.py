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
