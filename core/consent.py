"""Consent texts: the wording a person accepts, versioned (RGPD).

A consent names the version of the text it accepted and the time; a new
wording is published as a new version, which leaves every consent given
before unchanged. The version in force is read on the public hot path
(registration), so it is cached, and dropped from the cache on publication.
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import ConsentText

CACHE_SECONDS = 300
# The first wording of each consent (for registration, the one the form showed
# before texts were versioned): version "1", recorded the first time it is
# needed. Consents given before their purpose had versions keep none.
INITIAL_TEXTS = {
    ConsentText.Purpose.REGISTRATION: _(
        "I agree that my data is used to organise this event; it is kept "
        "until the event's review and never passed on."
    ),
    ConsentText.Purpose.DIRECTORY: _(
        "I agree that my name, e-mail and phone appear in the network's "
        "partner directory and its aide-mémoire."
    ),
    ConsentText.Purpose.QUOTE: _(
        "I agree that my answer may be quoted in the network's reports and documents."
    ),
}
INITIAL_VERSION = "1"


def _cache_key(purpose: str) -> str:
    return f"consent-text:{purpose}"


def _in_force_or_initial(purpose: str) -> ConsentText:
    text = ConsentText.objects.in_force(purpose)
    if text is not None:
        return text
    with translation.override(settings.LANGUAGE_CODE):
        wording = str(INITIAL_TEXTS[purpose])
    try:
        with transaction.atomic():
            text, _created = ConsentText.objects.get_or_create(
                purpose=purpose,
                version=INITIAL_VERSION,
                defaults={"text": wording, "in_force_from": timezone.now()},
            )
    except IntegrityError:
        # Created at the same moment by another request.
        text = ConsentText.objects.get(purpose=purpose, version=INITIAL_VERSION)
    return text


def consent_in_force(purpose: str = ConsentText.Purpose.REGISTRATION) -> ConsentText:
    """The text in force for ``purpose``, from the cache or the database."""
    return cache.get_or_set(
        _cache_key(purpose), lambda: _in_force_or_initial(purpose), CACHE_SECONDS
    )


CHANGED_TEXT_MESSAGE = _(
    "The consent text has just changed: please read it and tick again."
)


class ConsentVersionField(forms.IntegerField):
    """The hidden field that carries the version (the id) of the consent
    text a form showed (``ConsentVersionMixin``)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)

    def has_changed(self, initial, data):
        # What the page showed, not what the person typed: an empty row of a
        # formset sent beside an older text is still empty.
        return False


class ConsentVersionMixin:
    """A form whose consent checkboxes count only under the text they were
    shown beside.

    The form carries the version shown (a ``ConsentVersionField``). When a
    new text was published while the page was open, the view gives the form
    back (409, ``tick_again``): what was typed kept, the consents given
    unticked, the new text beside them; once ticked again, the new version
    is the one recorded. A page without the field (rendered before it
    existed) is taken as showing the text in force.
    """

    consent_version_name = "consent_version"

    def consent_field_names(self) -> list[str]:
        """The consent checkboxes of this form."""
        return ["consent"]

    def consents_given(self) -> list[str]:
        """The consent checkboxes ticked in this (valid) submission; a box
        ticked already when the page was shown (a consent given before) is
        none."""
        return [
            name
            for name in self.consent_field_names()
            if self.cleaned_data.get(name) and self[name]._has_changed()
        ]

    def shown_another_consent_text(self, in_force) -> bool:
        """Whether a consent was given under a text other than ``in_force``:
        one published while the page was open."""
        shown = self.cleaned_data.get(self.consent_version_name)
        return (
            shown is not None
            and in_force is not None
            and shown != in_force.pk
            and bool(self.consents_given())
        )

    def untick_consents(self, data, in_force) -> list[str]:
        """Untick in ``data`` (a mutable copy of the submission) the consents
        given, now shown beside ``in_force``; return their names."""
        given = self.consents_given()
        for name in given:
            data.pop(self.add_prefix(name), None)
        data[self.add_prefix(self.consent_version_name)] = in_force.pk
        return given

    def ask_to_tick_again(self, names) -> None:
        """The message beside each consent of ``names``, on a form built from
        the unticked data and validated (in place of a "required" error)."""
        for name in names:
            self.errors.pop(name, None)
            self.add_error(name, CHANGED_TEXT_MESSAGE)


def tick_again(form, *, in_force, build):
    """The form to show again when ``form`` (valid, a ``ConsentVersionMixin``
    or a formset of them) was filled beside an older consent text than
    ``in_force``: ``build(data)`` makes the same form from other data; it
    gets what was typed, the consents given unticked and the message beside
    them. Nothing is saved: the view renders it with status 409."""
    data = form.data.copy()
    names = form.untick_consents(data, in_force)
    again = build(data)
    again.is_valid()
    again.ask_to_tick_again(names)
    return again


class ConsentError(Exception):
    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message, self.field = message, field


@transaction.atomic
def publish_consent_text(*, purpose: str, version: str, text: str, by) -> ConsentText:
    """Put a new wording in force now. Never changes a published version:
    a version label already used for ``purpose`` raises ``ConsentError``."""
    version, text = version.strip(), text.strip()
    # The initial wording is recorded first, so that the consents given
    # under it keep a version of their own.
    _in_force_or_initial(purpose)
    if ConsentText.objects.filter(purpose=purpose, version__iexact=version).exists():
        raise ConsentError(
            _("This version already exists: give the new text a new version."),
            field="version",
        )
    published = ConsentText.objects.create(
        purpose=purpose,
        version=version,
        text=text,
        in_force_from=timezone.now(),
        published_by=by,
    )
    # Now for this process, and again once committed, in case a request
    # cached the old version in between.
    cache.delete(_cache_key(purpose))
    transaction.on_commit(lambda: cache.delete(_cache_key(purpose)))
    return published
