"""The ateliers' choices inside the public registration form.

``events`` asks ``core.extensions.registration_extra_forms(event, data)``;
this module registers a provider (``WorkshopsConfig.ready()``) that returns
the 1st to 3rd choices when the event has ateliers. The form renders itself
(``template_name``) and saves with the registration, in its transaction.
"""

from .forms import ChoicesForm
from .services import set_choices


class RegistrationChoicesForm(ChoicesForm):
    template_name = "workshops/registration/_choices.html"
    prefix = "ateliers"

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.workshops = list(event.workshops.only("title", "question"))

    def save(self, *, registration) -> None:
        if any(self.ranked()):
            set_choices(registration=registration, ranked=self.ranked())


def registration_choices(event, data=None):
    """The choices' form for ``event``'s registration form, or None when the
    event has no atelier. A POST without the choices' fields (a form shown
    without ateliers) costs no query: registering is the hot path."""
    if data is not None and not any(key.startswith("ateliers-") for key in data):
        return None
    if not event.workshops.exists():
        return None
    return RegistrationChoicesForm(data, event=event)
