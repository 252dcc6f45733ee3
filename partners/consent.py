"""The directory consent: the version of its text accepted, and when (RGPD).

A consent given records the version of the text shown (``core.consent``)
and the moment; a consent kept as it was keeps its version and date, even
when a newer text is in force since; a consent withdrawn loses both.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.consent import ConsentVersionField, ConsentVersionMixin, consent_in_force
from core.models import ConsentText

# A ``consent_text`` argument's default: the version in force.
IN_FORCE = object()


def directory_text_in_force() -> ConsentText:
    """The directory consent text in force (cached, ``core.consent``)."""
    return consent_in_force(ConsentText.Purpose.DIRECTORY)


def set_directory_consent(person, *, given: bool, was: bool, text, at=None) -> None:
    """Set ``person``'s directory consent (not saved).

    ``was``: whether the person had consented before this change; ``text``:
    the version shown when the consent was given (``None`` for a consent
    given before texts were versioned); ``at``: when (now by default).
    """
    person.directory_consent = given
    if not given:
        person.directory_consent_text = None
        person.directory_consent_at = None
    elif not was:
        person.directory_consent_text = text
        person.directory_consent_at = at or timezone.now()


def consent_help_text(text: ConsentText) -> str:
    """What is shown beside a directory consent checkbox."""
    return _("“%(text)s” (consent text, version %(version)s)") % {
        "text": text.text,
        "version": text.version,
    }


class DirectoryConsentMixin(ConsentVersionMixin):
    """A form with a ``directory_consent`` checkbox: the text in force
    beside it (``consent_text``, recorded with a consent given) and its
    version carried by the page, so that a text published while the page
    was open is ticked again before it counts (``core.consent``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = directory_text_in_force()
        self.fields["directory_consent"].help_text = consent_help_text(
            self.consent_text
        )
        self.fields["consent_version"] = ConsentVersionField(
            initial=self.consent_text.pk
        )

    def consent_field_names(self) -> list[str]:
        return ["directory_consent"]
