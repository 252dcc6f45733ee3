"""Input validation for the directory pages (crispy layouts here)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core import fields as bounded
from core.fields import ModelForm
from core.forms import OneTimeKeyField

from .consent import DirectoryConsentMixin
from .models import Audience, Membership, Organisation, Partnership, Theme
from .services import SELF_UPDATE_FIELDS
from .widgets import OrganisationPicker


class CrispyMixin:
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class OrganisationForm(CrispyMixin, ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "kind",
            "mission",
            "address",
            "postal_code",
            "commune",
            "website",
            "email",
            "phone",
            "audiences",
            "themes",
            "parent",
            "rna",
            "siret",
            "is_active",
            "logo",
        ]
        widgets = {
            "audiences": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "mission": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Organisation.objects.only("name", "acronym")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class SelfUpdateForm(CrispyMixin, ModelForm):
    """What a partner may propose for its own entry."""

    submit_label = _("Send for review")
    submitter_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("So the coordinators know who proposed the change."),
    )
    submission_key = OneTimeKeyField()

    class Meta:
        model = Organisation
        fields = list(SELF_UPDATE_FIELDS)
        widgets = {
            "audiences": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "mission": forms.Textarea(attrs={"rows": 4}),
        }


class PartnershipForm(CrispyMixin, ModelForm):
    submit_label = _("Add the partnership")

    class Meta:
        model = Partnership
        fields = ["second", "level", "convention_signed_on", "convention_file", "notes"]
        widgets = {
            "convention_signed_on": forms.DateInput(attrs={"type": "date"}),
            "convention_file": forms.ClearableFileInput(
                attrs={"accept": ".pdf,.odt,.docx,.jpg,.jpeg,.png"}
            ),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "convention_file": _("PDF, ODT, DOCX, JPG or PNG, 10 MB at most."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.first = organisation
        self.fields["second"].queryset = Organisation.objects.exclude(
            pk=organisation.pk
        ).only("name", "acronym")

    def clean(self):
        cleaned = super().clean()
        from .editing import DUPLICATE_PARTNERSHIP, same_partnership

        second, level = cleaned.get("second"), cleaned.get("level")
        if second and level:
            candidate = Partnership(
                pk=self.instance.pk,
                first_id=self.instance.first_id,
                second_id=second.pk,
                level=level,
            )
            if same_partnership(candidate):
                self.add_error("second", DUPLICATE_PARTNERSHIP)
        return cleaned


class MergeForm(CrispyMixin, forms.Form):
    submit_label = _("Merge")
    duplicate = bounded.ModelChoiceField(
        label=_("Duplicate to fold into this organisation"),
        queryset=Organisation.objects.none(),
        widget=OrganisationPicker,
        help_text=_(
            "Its people, partnerships, events and accounts move to this "
            "organisation, then the duplicate is deleted."
        ),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = Organisation.objects.exclude(
            pk=organisation.pk
        ).only("name", "acronym")


class ImportForm(CrispyMixin, forms.Form):
    submit_label = _("Preview the import")
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (separator ; or ,) or XLSX with the columns nom, sigle, type, "
            "adresse, code_postal, commune, email, telephone, site_web, "
            "publics, thematiques, rna, siret; or an extract of the RNA "
            "register: the rna_waldec zip as published, or one of its CSV files."
        ),
    )
    postal_code = forms.CharField(
        label=_("Keep only postal codes starting with"),
        max_length=5,
        required=False,
        help_text=_("For example 77 or 77100. Useful for an RNA extract."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError(_("Digits only, please."))
        return value


def parse_field_choices(values) -> set[tuple[int, str]]:
    """``["12:address", …]`` from the import preview as ``{(12, "address")}``;
    anything else is ignored."""
    from .importing import UPDATED_FIELDS

    choices = set()
    for value in values:
        line, _sep, name = str(value).partition(":")
        if line.isdigit() and len(line) < 10 and name in UPDATED_FIELDS:
            choices.add((int(line), name))
    return choices


class VocabularyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("List"),
        choices=[("audience", _("Audiences")), ("theme", _("Themes"))],
    )
    name = forms.CharField(label=_("Name"), max_length=120)

    def clean(self):
        cleaned = super().clean()
        model = {"audience": Audience, "theme": Theme}.get(cleaned.get("kind"))
        name = (cleaned.get("name") or "").strip()
        if model and name and model.objects.filter(name__iexact=name).exists():
            self.add_error("name", _("This entry already exists."))
        cleaned["model"] = model
        cleaned["name"] = name
        return cleaned


class MemberForm(CrispyMixin, DirectoryConsentMixin, forms.Form):
    """A person and their role in one organisation."""

    submit_label = _("Add the person")
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    function = forms.CharField(label=_("Function"), max_length=150, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Membership.Status.choices)
    directory_consent = forms.BooleanField(
        label=_("Agrees to appear in the directory"),
        required=False,
        help_text=_(
            "Required by the GDPR before the person's contact details are shown."
        ),
    )
