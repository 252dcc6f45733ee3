"""Consent texts: the wording a person accepts, versioned (RGPD).

A consent names the version of the text it accepted and the time; a new
wording is published as a new version, which leaves every consent given
before unchanged. The version in force is read on the public hot path
(registration), so it is cached, and dropped from the cache on publication.
"""

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
