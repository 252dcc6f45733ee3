"""The synthesis form: the rapporteur's (from the link) and the coordinators'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import ModelForm
from core.forms import OneTimeKeyField

from .models import WorkshopSynthesis
from .syntheses import parse_resources


class SynthesisForm(ModelForm):
    submission_key = OneTimeKeyField()

    class Meta:
        model = WorkshopSynthesis
        fields = [
            "key_points",
            "recommendations",
            "resources",
            "success_indicators",
            "notes",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "key_points": _("What the group said, one idea a line."),
            "recommendations": _("What the group recommends, one a line."),
            "success_indicators": _("How to know that it works: one indicator a line."),
            "notes": _("Anything else worth keeping."),
        }

    def clean_resources(self):
        text = self.cleaned_data["resources"]
        _resources, errors = parse_resources(text)
        if errors:
            raise forms.ValidationError(errors)
        return text

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(name) or "").strip() for name in self.Meta.fields):
            if not self.errors:
                raise forms.ValidationError(
                    _("Write at least one part of the synthesis.")
                )
        return cleaned
