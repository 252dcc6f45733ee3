"""The partner directory: organisations, people and their memberships."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.scoping import ScopedQuerySet
from core.storage import private_storage

from .validators import (
    normalise_commune,
    normalise_rna,
    normalise_siret,
    normalise_text,
    validate_convention_file,
    validate_rna,
    validate_siret,
)


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


SEARCHED_FIELDS = ("name", "acronym", "commune", "postal_code", "rna")


def organisation_search_text(values: dict) -> str:
    """What the directory search matches: see ``normalise_text``."""
    return normalise_text(" ".join(values.get(f) or "" for f in SEARCHED_FIELDS))


def sort_key(*parts: str) -> str:
    """French alphabetical order as a plain string: "Élan" sorts with "elan",
    before "Etoile", whatever the case, on SQLite and PostgreSQL alike."""
    return normalise_text(" ".join(p or "" for p in parts))[:255]


class OrganisationQuerySet(ScopedQuerySet):
    def for_member(self, user):
        """A partner sees its own organisations' entries (``for_user``)."""
        if not user.is_partner:
            return self.none()
        return self.filter(pk__in=user.organisation_ids)

    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        """Every word must appear, ignoring accents, case and hyphens."""
        queryset = self
        for word in normalise_text(text).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


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
    rna = models.CharField(
        _("RNA number"),
        max_length=10,
        blank=True,
        validators=[validate_rna],
        help_text=_("W followed by 9 digits."),
    )
    siret = models.CharField(
        _("SIRET number"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 digits."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name=_("user accounts"),
    )
    # Name, acronym, commune… without accents, case or punctuation: the
    # directory search runs a plain LIKE on it, on SQLite and PostgreSQL alike.
    search_text = models.TextField(editable=False, blank=True, db_index=True)
    # The name as ``sort_key`` spells it: every list orders by it.
    sort_name = models.CharField(
        max_length=255, editable=False, blank=True, db_index=True
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_text", "sort_name", "created_at"]
    )

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["rna"], name="partners_org_rna"),
            models.Index(fields=["siret"], name="partners_org_siret"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        self.commune = normalise_commune(self.commune)
        self.refresh_search_text()
        self.sort_name = sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "sort_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:orga_organisation_detail", args=[self.pk])

    def clean_fields(self, exclude=None):
        # Normalise first, so "W 771234567" or a spaced SIRET pass validation.
        self.rna = normalise_rna(self.rna)
        self.siret = normalise_siret(self.siret)
        super().clean_fields(exclude=exclude)

    def clean(self):
        self.rna = normalise_rna(self.rna)
        self.siret = normalise_siret(self.siret)
        self.email = (self.email or "").strip().lower()

    def refresh_search_text(self) -> None:
        self.search_text = organisation_search_text(self.__dict__)

    @property
    def match_key(self) -> tuple[str, str]:
        """Natural key used to spot duplicates when nothing better is known."""
        return normalise_text(self.name), (self.postal_code or "").strip()


class PersonQuerySet(ScopedQuerySet):
    """Coordinators only (``for_user``); partners see people through their
    organisation's pages."""

    def search(self, text: str):
        """Every word in the name, the e-mail or an organisation's name,
        ignoring accents and case."""
        queryset = self
        for word in normalise_text(text).split():
            queryset = queryset.filter(
                Q(sort_name__contains=word)
                | Q(email__icontains=word)
                | Q(organisations__search_text__contains=word)
            )
        return queryset.distinct()


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
    # The version of the consent text accepted, and when (core.consent);
    # empty for a consent given before texts were versioned, and cleared
    # when the consent is withdrawn (partners.consent).
    directory_consent_text = models.ForeignKey(
        "core.ConsentText",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("directory consent text accepted"),
    )
    directory_consent_at = models.DateTimeField(
        _("directory consent given at"), null=True, blank=True
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="Membership",
        related_name="people",
        verbose_name=_("organisations"),
    )
    # Last then first name as ``sort_key`` spells them; also what the people
    # list searches.
    sort_name = models.CharField(
        max_length=255, editable=False, blank=True, db_index=True
    )

    objects = PersonQuerySet.as_manager()
    # Who created or changed a contact, and when (RGPD audit); erasure
    # anonymises these rows too (core.personal_data.erase_person).
    history = HistoricalRecords(excluded_fields=["sort_name", "created_at"])

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs):
        self.sort_name = sort_key(self.last_name, self.first_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)


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
    # Leaving an organisation ends the membership; the row stays as history.
    ended_on = models.DateField(
        _("left on"),
        null=True,
        blank=True,
        help_text=_("Empty while the person still works there."),
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["organisation__sort_name", "person__sort_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "function"], name="unique_membership"
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation}"


def convention_upload_to(partnership, filename: str) -> str:
    """``conventions/<random folder>/<uploaded name>``: names never collide.

    The primary key does not exist yet when a new partnership's file is saved,
    hence a random folder. The name is shortened to fit the column.
    """
    name = PurePath(filename).name
    stem, suffix = PurePath(name).stem, PurePath(name).suffix[:10]
    return f"conventions/{uuid.uuid4().hex}/{stem[:100]}{suffix}"


class PartnershipQuerySet(ScopedQuerySet):
    def for_member(self, user):
        """A partner sees the partnerships of its organisations (``for_user``)."""
        if not user.is_partner:
            return self.none()
        ids = user.organisation_ids
        return self.filter(Q(first_id__in=ids) | Q(second_id__in=ids))


class Partnership(TimeStampedModel):
    """A working relationship between two organisations, with its convention."""

    class Level(models.TextChoices):
        DIRECTION = "direction", _("Management")
        SUPERVISION = "encadrement", _("Supervision")
        FIELD = "terrain", _("Field work")

    first = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partnerships_as_first",
        verbose_name=_("organisation"),
    )
    second = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partnerships_as_second",
        verbose_name=_("partner organisation"),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level, default=Level.FIELD
    )
    convention_signed_on = models.DateField(
        _("convention signed on"), null=True, blank=True
    )
    # A signed agreement between two organisations: private storage, served
    # only by ``partners:partnership_convention`` after a permission check.
    convention_file = models.FileField(
        _("convention"),
        upload_to=convention_upload_to,
        storage=private_storage,
        max_length=255,
        blank=True,
        validators=[validate_convention_file],
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["first__sort_name", "second__sort_name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=~Q(first=models.F("second")),
                name="partnership_between_two_organisations",
            ),
            # A–B and B–A are one partnership: the pair is unordered.
            models.UniqueConstraint(
                Least("first", "second"),
                Greatest("first", "second"),
                "level",
                name="unique_partnership_either_way",
            ),
        ]

    def __str__(self):
        return f"{self.first} — {self.second}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.first_id and self.first_id == self.second_id:
            raise ValidationError(
                {"second": _("A partnership needs two different organisations.")}
            )

    def other(self, organisation: Organisation) -> Organisation:
        return self.second if self.first_id == organisation.pk else self.first

    @property
    def convention_filename(self) -> str:
        """The file's own name, without the storage folders."""
        return PurePath(self.convention_file.name or "").name


class ChangeRequestQuerySet(ScopedQuerySet):
    def for_member(self, user):
        """A partner sees the proposals about its organisations (``for_user``)."""
        if not user.is_partner:
            return self.none()
        return self.filter(organisation_id__in=user.organisation_ids)


class ChangeRequest(TimeStampedModel):
    """Changes a partner proposes to its own entry, waiting for review."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        # Replaced by a later proposal of the same organisation, kept as sent.
        SUPERSEDED = "superseded", _("Superseded")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="change_requests",
        verbose_name=_("organisation"),
    )
    # Field name -> proposed value (ids for audiences and themes).
    proposed = models.JSONField(_("proposed values"), default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitter_name = models.CharField(_("submitted by (name)"), max_length=150)
    # The update form's one-time key (core.forms.OneTimeKeyField): the same
    # form sent twice is one proposal.
    submission_key = models.CharField(
        _("submission key"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.PENDING,
        db_index=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self):
        return f"{self.organisation} ({self.get_status_display()})"


def new_import_token() -> str:
    return uuid.uuid4().hex


class ImportPreview(TimeStampedModel):
    """An uploaded partner file waiting for its importer's confirmation.

    The row is the confirmation's one-time key: confirming claims it with a
    conditional ``UPDATE`` (pending to done), so a second confirmation finds
    it done and shows the first one's result. The file holds declarants'
    personal data: ``delete_stale_import_previews`` removes it after a day.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        DONE = "done", _("Imported")

    token = models.CharField(
        _("key"), max_length=32, unique=True, default=new_import_token, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(
        _("file"),
        upload_to="partner-imports/",
        storage=private_storage,
        max_length=255,
        blank=True,
    )
    filename = models.CharField(_("file name"), max_length=100)
    postal_code = models.CharField(_("postal code prefix"), max_length=5, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING
    )
    # Counts of the confirmed import: created, updated, rejected.
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")

    def __str__(self):
        return self.filename


from .models_selfupdate import (  # noqa: E402, F401 (registered with the app)
    Decision,
    EntryCheck,
    FieldDecision,
    ProposedContact,
)
