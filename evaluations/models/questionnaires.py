"""Satisfaction questionnaires: their questions, invitations, answers and quotes."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.scoping import ScopedQuerySet


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Segment(models.TextChoices):
    """Who answers; the registration statuses use the same values."""

    VOLUNTEER = "benevole", _("Volunteer")
    PROFESSIONAL = "professionnel", _("Professional")
    ELECTED = "elu", _("Elected official")
    PARTNER = "partenaire", _("Partner organisation")
    OTHER = "autre", _("Other")


class QuestionnaireQuerySet(ScopedQuerySet):
    """Coordinators see every questionnaire (``for_user``); funders and
    partners read results through the reports, never the questionnaires."""

    def open_at(self, moment):
        return self.filter(opens_at__lte=moment).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=moment)
        )


class Questionnaire(TimeStampedModel):
    class Audience(models.TextChoices):
        PARTICIPANTS = "participants", _("Participants")
        TEAM = "team", _("Organising team")

    class SegmentMode(models.TextChoices):
        ASK = "ask", _("Asked at the top of the questionnaire")
        REGISTRATION = "registration", _("Taken from the registration")

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("event"),
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaires",
        verbose_name=_("workshop"),
    )
    audience = models.CharField(
        _("intended audience"),
        max_length=20,
        choices=Audience,
        default=Audience.PARTICIPANTS,
    )
    opens_at = models.DateTimeField(
        _("opens at"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the questionnaire is being prepared."),
    )
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("No name, organisation or invitation is stored with answers."),
    )
    segment_mode = models.CharField(
        _("respondent's profile"),
        max_length=20,
        choices=SegmentMode,
        default=SegmentMode.ASK,
    )
    token = models.CharField(
        _("public token"), max_length=32, unique=True, default=new_token
    )

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="questionnaire_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluations:orga_questionnaire_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("evaluations:public_questionnaire_answer", args=[self.token])

    def is_open_at(self, moment) -> bool:
        if self.opens_at is None or moment < self.opens_at:
            return False
        return self.closes_at is None or moment < self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def has_not_opened(self) -> bool:
        return self.opens_at is None or timezone.now() < self.opens_at


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("questionnaire"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SATISFACTION = "satisfaction", _("Satisfaction (1 to 5)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        YES_NO = "yes_no", _("Yes / no")
        NUMBER = "number", _("Number")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        RECOMMENDATION = "recommendation", _("Recommendation (0 to 10)")

    SCALE_KINDS = (Kind.SATISFACTION, Kind.YES_NO, Kind.RECOMMENDATION)
    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
    SHORT_TEXT_MAX = 300
    LONG_TEXT_MAX = 5000
    NUMBER_MIN = -1_000_000
    NUMBER_MAX = 1_000_000
    # The value of « Autre (précisez) » among a choice question's options
    # (choice ids start at 1); stored as an answer with no choice and a text.
    OTHER = 0

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questionnaire"),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("section"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Copies keep the key, so the same question can be compared across editions.
    key = models.SlugField(
        _("key"),
        max_length=60,
        blank=True,
        help_text=_(
            "The same key in two editions compares this question across them "
            "(letters, digits and dashes)."
        ),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of ticks"),
        null=True,
        blank=True,
        help_text=_("Multiple choice only; leave empty for no limit."),
    )
    has_other = models.BooleanField(
        _("offer « Other (specify) »"),
        default=False,
        help_text=_("Single and multiple choice: a last choice with a text box."),
    )
    may_be_quoted = models.BooleanField(
        _("answers may be quoted"),
        default=False,
        help_text=_(
            "Written answers only: the respondent is asked, below this "
            "question, whether this answer may be quoted."
        ),
    )

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label

    @property
    def is_text(self) -> bool:
        return self.kind in self.TEXT_KINDS

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    def offered_choices(self) -> list["Choice"]:
        """The choices a respondent may tick (archived ones are not offered)."""
        return [choice for choice in self.choices.all() if not choice.is_archived]

    def choice_options(self) -> list[tuple[int, str]]:
        """A choice question's options, ``(choice id, label)``."""
        options = [(choice.pk, choice.label) for choice in self.offered_choices()]
        if self.has_other:
            options.append((self.OTHER, _("Other (specify)")))
        return options

    @property
    def quotable(self) -> bool:
        """Whether the respondent is asked to let this answer be quoted."""
        return self.may_be_quoted and self.is_text

    def scale(self) -> list[tuple[int, str]]:
        """The integer values a scale question accepts, with their labels."""
        if self.kind == self.Kind.SATISFACTION:
            return list(SATISFACTION_LABELS.items())
        if self.kind == self.Kind.YES_NO:
            return [(1, _("Yes")), (0, _("No"))]
        if self.kind == self.Kind.RECOMMENDATION:
            return [(value, str(value)) for value in range(11)]
        return []


SATISFACTION_LABELS = {
    1: _("Very dissatisfied"),
    2: _("Dissatisfied"),
    3: _("Neither satisfied nor dissatisfied"),
    4: _("Satisfied"),
    5: _("Very satisfied"),
}


class Choice(models.Model):
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("question"),
    )
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    # A choice removed from a question that was already answered with it: no
    # longer offered, but its answers stay in the results and the exports.
    is_archived = models.BooleanField(_("removed"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.label


class Invitation(TimeStampedModel):
    """A personal, single-use link e-mailed to one registered participant."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("questionnaire"),
    )
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="questionnaire_invitations",
        verbose_name=_("registration"),
    )
    token = models.CharField(_("token"), max_length=32, unique=True, default=new_token)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    # Only whether it was used: a time (or ``updated_at``) would match the
    # response's, and name the respondent of an anonymous questionnaire.
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "registration"],
                name="one_invitation_per_registration",
            )
        ]

    def __str__(self):
        return str(self.registration)

    def get_public_url(self):
        return reverse(
            "evaluations:public_invitation_answer",
            args=[self.questionnaire.token, self.token],
        )


class Response(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("questionnaire"),
    )
    segment = models.CharField(
        _("profile"), max_length=20, choices=Segment, blank=True, db_index=True
    )
    # An anonymous questionnaire's responses keep the day only (see
    # ``services.submit_response``): a time would match an invitation's use.
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    quote_consent = models.BooleanField(_("may be quoted"), default=False)
    # The version of the consent text accepted with a consent to be quoted
    # (this response's or one of its answers'), and when: the response's
    # ``submitted_at`` (a day only, on an anonymous questionnaire). Empty
    # for consents given before texts were versioned, and when withdrawn.
    quote_consent_text = models.ForeignKey(
        "core.ConsentText",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("quote consent text accepted"),
    )
    quote_consent_at = models.DateTimeField(
        _("quote consent given at"), null=True, blank=True
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    invitation = models.OneToOneField(
        Invitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
        verbose_name=_("invitation"),
    )
    # The one-time key of the answer page that sent it (core.forms.OneTimeKeyField):
    # a second submission of the same page stores nothing.
    submission_key = models.CharField(
        _("submission key"), max_length=64, null=True, blank=True, unique=True
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return f"{self.questionnaire} #{self.pk}"


class Answer(models.Model):
    """One answer; a multiple-choice question gets one row per ticked choice.

    Values are typed columns so that the database can count and average them.
    """

    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("response"),
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("question"),
    )
    int_value = models.IntegerField(_("numeric value"), null=True, blank=True)
    text_value = models.TextField(_("text"), blank=True)
    choice = models.ForeignKey(
        Choice,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("choice"),
    )
    # Asked beside a question whose answers may be quoted (``may_be_quoted``).
    quote_consent = models.BooleanField(_("may be quoted"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "int_value"])]

    def __str__(self):
        return self.text_value or str(self.choice or self.int_value)


class Testimonial(TimeStampedModel):
    """A consented free-text answer that reports may quote."""

    answer = models.OneToOneField(
        Answer,
        on_delete=models.CASCADE,
        related_name="testimonial",
        verbose_name=_("answer"),
    )
    text = models.TextField(_("quote"))
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def __str__(self):
        return self.text[:60]

    @property
    def signature(self) -> str:
        return " – ".join(p for p in (self.first_name, self.organisation_name) if p)


__all__ = [
    "SATISFACTION_LABELS",
    "Answer",
    "Choice",
    "Invitation",
    "Question",
    "Questionnaire",
    "QuestionnaireQuerySet",
    "Response",
    "Section",
    "Segment",
    "Testimonial",
    "new_token",
]
