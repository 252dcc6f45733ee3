"""Forms of the committee pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import ModelForm
from partners.models import Person

from .forms import CrispyMixin, _organisations
from .models import Committee, CommitteeMember


class CommitteeForm(CrispyMixin, ModelForm):
    class Meta:
        model = Committee
        fields = [
            "title",
            "kind",
            "organiser",
            "series",
            "description",
            "cadence",
            "cadence_weeks",
        ]
        labels = {
            "title": _("Name of the committee"),
            "kind": _("Kind"),
            "organiser": _("Organiser"),
            "series": _("Series steered"),
            "description": _("Mission"),
            "cadence": _("Cadence"),
            "cadence_weeks": _("Weeks between meetings"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = _organisations()


class CommitteeMemberForm(CrispyMixin, ModelForm):
    submit_label = _("Add the member")

    class Meta:
        model = CommitteeMember
        fields = ["person", "organisation", "role"]
        labels = {
            "person": _("Person"),
            "organisation": _("Organisation"),
            "role": _("Role"),
        }
        help_texts = {
            "organisation": _(
                "Left empty: the person's organisation, when they have only one."
            ),
        }

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.committee = committee
        self.fields["person"].queryset = Person.objects.exclude(
            committee_memberships__committee=committee
        ).only("first_name", "last_name")
        self.fields["organisation"].queryset = _organisations()
