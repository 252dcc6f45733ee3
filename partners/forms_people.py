"""Forms of the people and membership pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import fields as bounded
from core.fields import ModelForm

from .consent import DirectoryConsentMixin
from .forms import CrispyMixin
from .models import Membership, Organisation, Person


class PersonForm(CrispyMixin, DirectoryConsentMixin, ModelForm):
    """A person; a directory consent given records the text shown
    (``consent_text``, editing.save_person)."""

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "phone", "directory_consent"]
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "directory_consent": _("Agrees to appear in the directory"),
        }


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)


class MembershipForm(CrispyMixin, ModelForm):
    """A person's role in one organisation; ``ended_on`` only when editing."""

    class Meta:
        model = Membership
        fields = ["organisation", "function", "status", "ended_on"]
        labels = {
            "organisation": _("Organisation"),
            "function": _("Function"),
            "status": _("Status"),
            "ended_on": _("Left on"),
        }
        widgets = {"ended_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        self.fields["organisation"].queryset = Organisation.objects.only(
            "name", "acronym"
        )
        if self.instance.pk is None:
            del self.fields["ended_on"]

    def clean(self):
        from django.core.exceptions import ValidationError

        from .editing import check_membership_unique

        cleaned = super().clean()
        candidate = Membership(
            pk=self.instance.pk,
            person_id=self.instance.person_id,
            organisation=cleaned.get("organisation"),
            function=cleaned.get("function") or "",
        )
        if cleaned.get("organisation") is not None:
            try:
                check_membership_unique(candidate)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class MembershipEndForm(forms.Form):
    ended_on = bounded.DateField(
        label=_("Left on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
