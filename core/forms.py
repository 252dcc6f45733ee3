"""Form helpers shared by the apps."""

import secrets

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class SharedFields(dict):
    """Form fields that ``BaseForm`` shares instead of deep-copying.

    ``BaseForm.__init__`` deep-copies ``self.base_fields`` into
    ``self.fields`` so that each form may change its own. A public form
    whose fields are built once per configuration (the registration form,
    the questionnaire answer form) and which is only validated, never
    rendered, sets ``self.base_fields = SharedFields(fields)`` before calling
    it: the copy then copies the dict only. A form that is rendered must
    keep its own copy: rendering may write into widgets (crispy adds its CSS
    classes to ``widget.attrs``).
    """

    def __deepcopy__(self, memo):
        return dict(self)


def new_one_time_key() -> str:
    return secrets.token_urlsafe(24)


class OneTimeKeyField(forms.CharField):
    """A hidden key, new at each rendering of the form, that makes its
    submission idempotent: a double tap on the button sends the same key twice.

    The form only carries and checks the key; the service stores it with
    what the submission created, in a column with a unique constraint
    (``evaluations.Response.submission_key``), so a second submission with the
    same key finds the first one instead of storing twice, even when both
    arrive at once. Not required: a page rendered before the field existed
    still submits (without the protection).

    Usage::

        class ResponseForm(forms.Form):
            submission_key = OneTimeKeyField()
    """

    MAX_LENGTH = 64

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", new_one_time_key)  # called at each rendering
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("max_length", self.MAX_LENGTH)
        kwargs.setdefault(
            "validators",
            [
                RegexValidator(
                    r"^[A-Za-z0-9_-]{16,64}\Z",
                    _("This form has expired: reload the page and send it again."),
                )
            ],
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value) or None

    @classmethod
    def read(cls, value) -> str | None:
        """A key taken from raw data (``request.POST``), or ``None`` if malformed."""
        try:
            return cls().clean(value)
        except forms.ValidationError:
            return None
