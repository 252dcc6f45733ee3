"""Forms of the charter pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import ModelForm

from .forms import CrispyMixin
from .models import Charter

TEXT_WIDGET = forms.Textarea(attrs={"rows": 12})


class CharterForm(CrispyMixin, ModelForm):
    """A charter's name and address; on creation, the text of version 1."""

    text = forms.CharField(label=_("Text of the charter"), widget=TEXT_WIDGET)

    class Meta:
        model = Charter
        fields = ["title", "slug"]
        labels = {
            "title": _("Name of the charter"),
            "slug": _("Short name (in addresses)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["text"]


class CharterVersionForm(CrispyMixin, forms.Form):
    text = forms.CharField(label=_("Text of the version"), widget=TEXT_WIDGET)
