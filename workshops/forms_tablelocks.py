"""The coordinator's form pinning one or several registrants to a table for
a round: the people are searched as you type among the event's confirmed
registrants (``views/tablelocks.py``, ``RegistrantPickerView``), not picked
in a <select> listing them all."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import fields as bounded
from partners.widgets import PickerMixin

from .models_tablelocks import MAX_ROUNDS, MAX_TABLE

# People pinned in one go: a table's worth and then some.
MAX_PINS_AT_ONCE = 30


class RegistrantMultiplePicker(PickerMixin, forms.SelectMultiple):
    placeholder = _("Type a name to search the registrants…")
    search_label = _("Search the registrants")


def registrant_label(registration) -> str:
    label = registration.organisation_label.strip()
    return f"{registration.full_name} ({label})" if label else registration.full_name


class RegistrationChoiceField(bounded.ModelMultipleChoiceField):
    widget = RegistrantMultiplePicker

    def label_from_instance(self, obj):
        return registrant_label(obj)


class TableLockForm(forms.Form):
    registration = RegistrationChoiceField(
        label=_("People"),
        queryset=None,
        help_text=_(
            "Type a name and pick one or several people: they all sit at this "
            "table in this round."
        ),
        error_messages={
            "invalid_choice": _(
                "Choose a confirmed registrant of this event (reload the page)."
            ),
            "invalid_pk_value": _(
                "Choose a confirmed registrant of this event (reload the page)."
            ),
            "required": _("Choose at least one person."),
        },
    )
    round = forms.IntegerField(
        label=_("Round"),
        min_value=1,
        max_value=MAX_ROUNDS,
        initial=1,
        help_text=_("From 1 to %(max)s.") % {"max": MAX_ROUNDS},
    )
    table = forms.IntegerField(
        label=_("Table"),
        min_value=1,
        max_value=MAX_TABLE,
        help_text=_(
            "Table number, from 1. A plan with fewer tables will say so when "
            "it is computed."
        ),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["registration"]
        field.queryset = (
            event.registrations.confirmed()
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")
        )
        field.widget.search_url = reverse(
            "workshops:orga_table_lock_registrants", args=[event.pk]
        )

    def clean_registration(self):
        people = self.cleaned_data["registration"]
        if len(people) > MAX_PINS_AT_ONCE:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Pin at most %(max)s person at once.",
                    "Pin at most %(max)s people at once.",
                    MAX_PINS_AT_ONCE,
                )
                % {"max": MAX_PINS_AT_ONCE}
            )
        return people
