"""The organisation picker: search as you type instead of a <select> listing
the whole directory (3,000 options weighed half a megabyte per page).

Every ModelForm field pointing at ``Organisation`` gets it (registered with
``core.fields.register_picker`` in ``PartnersConfig.ready``); plain form
fields use the classes directly. The page holds a <select> with only the
chosen organisations, so the form still posts ids and works without
JavaScript for keeping a value; the search field asks
``partners:organisation_picker`` for up to ``PICKER_RESULTS`` matches and a
click on one chooses it (``partners/organisation-picker.js``).

The people picker works the same way on ``partners:person_picker`` (an
action's owner in the minutes); a picker of other rows sets its own
``search_url`` (the table pins search the event's registrants,
``workshops/forms_tablelocks.py``).
"""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

PICKER_RESULTS = 20


class PickerMixin:
    template_name = "partners/widgets/organisation_picker.html"
    search_url = reverse_lazy("partners:organisation_picker")
    placeholder = _("Type to search the directory…")
    search_label = _("Search the directory")

    def optgroups(self, name, value, attrs=None):
        """Only the empty choice and the chosen organisations, read by id."""
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        chosen = [v for v in value if str(v).isdigit() and len(str(v)) < 19]
        choices = []
        field = getattr(iterator, "field", None)
        if field is not None and field.empty_label is not None:
            choices.append(("", field.empty_label))
        if queryset is not None and chosen:
            choices += [
                (o.pk, field.label_from_instance(o) if field else str(o))
                for o in queryset.filter(pk__in=chosen)
            ]
        self.choices = choices
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["results_limit"] = PICKER_RESULTS
        context["widget"]["search_url"] = self.search_url
        context["widget"]["placeholder"] = self.placeholder
        context["widget"]["search_label"] = self.search_label
        return context


class OrganisationPicker(PickerMixin, forms.Select):
    pass


class OrganisationMultiplePicker(PickerMixin, forms.SelectMultiple):
    pass


class PersonPickerMixin(PickerMixin):
    search_url = reverse_lazy("partners:person_picker")
    placeholder = _("Type a name to search people…")
    search_label = _("Search people")


class PersonPicker(PersonPickerMixin, forms.Select):
    pass


class PersonMultiplePicker(PersonPickerMixin, forms.SelectMultiple):
    pass
