"""The coordinator's form pinning a registrant to a table for a round."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import fields as bounded

from .models_tablelocks import MAX_ROUNDS, MAX_TABLE


class RegistrationChoiceField(bounded.ModelChoiceField):
    def label_from_instance(self, obj):
        label = obj.organisation_label.strip()
        return f"{obj.full_name} ({label})" if label else obj.full_name


class TableLockForm(forms.Form):
    registration = RegistrationChoiceField(
        label=_("Person"),
        queryset=None,
        error_messages={
            "invalid_choice": _(
                "Choose a confirmed registrant of this event (reload the page)."
            )
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
        self.fields["registration"].queryset = (
            event.registrations.confirmed()
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")
        )
