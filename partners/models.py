"""The partner directory: organisations, people and their memberships."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimeStampedModel


class Vocabulary(TimeStampedModel):
    """A controlled vocabulary entry that coordinators can edit."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Audience(Vocabulary):
    """A public served: seniors, young people, families, people in precarity…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class Theme(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        PUBLIC_SERVICE = "service_public", _("Public service / institution")
        LOCAL_AUTHORITY = "collectivite", _("Local authority")
        FOUNDATION = "fondation", _("Foundation / patron")
        COMPANY = "entreprise", _("Company")
        OTHER = "autre", _("Other")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.ASSOCIATION
    )
    mission = models.TextField(_("mission"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("generic e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="organisations", verbose_name=_("audiences")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="organisations", verbose_name=_("themes")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="branches",
        verbose_name=_("parent network"),
    )
    rna = models.CharField(_("RNA number"), max_length=10, blank=True)
    siret = models.CharField(_("SIRET number"), max_length=14, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name=_("user accounts"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("partners:orga_organisation_detail", args=[self.pk])


class Person(TimeStampedModel):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    directory_consent = models.BooleanField(
        _("agrees to appear in the directory"),
        default=False,
        help_text=_(
            "Required by the GDPR before the person's contact details are shown."
        ),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="Membership",
        related_name="people",
        verbose_name=_("organisations"),
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()


class Membership(TimeStampedModel):
    class Status(models.TextChoices):
        EMPLOYEE = "salarie", _("Employee")
        VOLUNTEER = "benevole", _("Volunteer")
        ELECTED = "elu", _("Elected member")
        INTERN = "stagiaire", _("Intern")
        CIVIC_SERVICE = "service_civique", _("Civic service")

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    function = models.CharField(
        pgettext_lazy("job", "function"), max_length=150, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.EMPLOYEE
    )

    class Meta:
        ordering = ["organisation__name", "person__last_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "function"], name="unique_membership"
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation}"
