"""Form fields that refuse junk before it reaches a query or the database.

STYLE §12: junk is refused by the form, not the database. A year-1 date is
stored by PostgreSQL and then cannot be read back (every page listing it
answers 500); a 40-digit id overflows SQLite's integers in the query that
checks the choice. These fields refuse both with a message next to the field.

Every ModelForm of the project derives from :class:`ModelForm`, whose date,
foreign-key and many-to-many fields are built from the classes below; plain
forms and filters declare them directly (tests/core/test_junk.py checks that
no form of the project escapes).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy as _

# Dates people type: a meeting, a signature, a questionnaire's opening.
YEAR_MIN, YEAR_MAX = 1900, 2100
# The ids the database issues: signed 64-bit integers.
ID_MIN, ID_MAX = -(2**63), 2**63 - 1


def check_year(value):
    """Refuse a date or a date and time outside ``YEAR_MIN``–``YEAR_MAX``."""
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code="date_out_of_range",
            params={"min": YEAR_MIN, "max": YEAR_MAX},
        )


def out_of_id_range(value) -> bool:
    """Whether ``value`` is an integer no database id can be (40 digits…)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return False
    return not ID_MIN <= number <= ID_MAX


class BoundedDateMixin:
    """The bounds as a validator, and as ``min``/``max`` for the browser's picker."""

    default_validators = [check_year]
    input_bounds = {
        "date": (f"{YEAR_MIN}-01-01", f"{YEAR_MAX}-12-31"),
        "datetime-local": (f"{YEAR_MIN}-01-01T00:00", f"{YEAR_MAX}-12-31T23:59"),
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        kind = widget.attrs.get("type", getattr(widget, "input_type", ""))
        if kind in self.input_bounds:
            attrs["min"], attrs["max"] = self.input_bounds[kind]
        return attrs


class DateField(BoundedDateMixin, forms.DateField):
    pass


class DateTimeField(BoundedDateMixin, forms.DateTimeField):
    pass


class SplitDateTimeField(BoundedDateMixin, forms.SplitDateTimeField):
    """The admin's date and time (two inputs)."""


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if not self.to_field_name and out_of_id_range(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not self.to_field_name and out_of_id_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ModelChoiceField


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ModelMultipleChoiceField


# Model field -> form field, most specific first (a DateTimeField is a DateField).
FORM_CLASSES = [
    (models.DateTimeField, DateTimeField),
    (models.DateField, DateField),
    (models.ForeignKey, ModelChoiceField),
    (models.ManyToManyField, ModelMultipleChoiceField),
]


# Django's form field -> the bounded one (the admin's ``formfield_overrides``).
BOUNDED = {
    forms.DateField: DateField,
    forms.DateTimeField: DateTimeField,
    forms.SplitDateTimeField: SplitDateTimeField,
    forms.ModelChoiceField: ModelChoiceField,
    forms.ModelMultipleChoiceField: ModelMultipleChoiceField,
}


def bounded_kwargs(db_field, kwargs):
    """``kwargs`` for ``db_field.formfield()`` with the bounded form class:
    the one for the model field, or the bounded twin of the one asked for."""
    if db_field.choices:
        return kwargs
    asked = kwargs.get("form_class")
    if asked is not None:
        return {**kwargs, "form_class": BOUNDED.get(asked, asked)}
    for model_class, form_class in FORM_CLASSES:
        if isinstance(db_field, model_class):
            return {**kwargs, "form_class": form_class}
    return kwargs


# Model label ("partners.Organisation") -> (widget picking one, widget picking
# several): the search-as-you-type pickers an app registers for a model too
# large for a <select> listing every row (``register_picker``).
PICKERS: dict[str, tuple[type, type]] = {}


def register_picker(label: str, single: type, multiple: type) -> None:
    PICKERS[label] = (single, multiple)


def picker_kwargs(db_field, kwargs):
    """``kwargs`` with the registered picker as widget, unless the form asked
    for something other than a plain select (checkboxes, a hidden input)."""
    related = getattr(db_field, "related_model", None)
    pickers = PICKERS.get(getattr(getattr(related, "_meta", None), "label", ""))
    if pickers is None or db_field.choices:
        return kwargs
    asked = kwargs.get("widget")
    asked_class = asked if isinstance(asked, type) else type(asked)
    if asked is not None and asked_class not in (forms.Select, forms.SelectMultiple):
        return kwargs
    many = isinstance(db_field, models.ManyToManyField)
    return {**kwargs, "widget": pickers[1] if many else pickers[0]}


def formfield(db_field, **kwargs):
    """The ``formfield_callback`` of :class:`ModelForm`: the fields above,
    with the registered pickers."""
    return db_field.formfield(
        **bounded_kwargs(db_field, picker_kwargs(db_field, kwargs))
    )


class _ModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = formfield
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_ModelFormMetaclass):
    """``forms.ModelForm`` whose dates are bounded and whose ids are checked."""
