"""Forms of the self-update review and of the people a partner proposes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .consent import DirectoryConsentMixin
from .models import Membership
from .models_selfupdate import Decision
from .selfupdate import CONTACT_FIELDS, contact_label, field_label


class ContactForm(DirectoryConsentMixin, forms.Form):
    """One person of the partner's organisation, as the partner sees it."""

    membership = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    function = forms.CharField(label=_("Function"), max_length=150, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Membership.Status.choices,
        initial=Membership.Status.EMPLOYEE,
    )
    directory_consent = forms.BooleanField(
        label=_("Agrees to appear in the directory"), required=False
    )
    remove = forms.BooleanField(label=_("No longer with us"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("membership") and not cleaned.get("first_name"):
            if self.has_changed():
                self.add_error("first_name", _("Give the person's first name."))
        return cleaned


class BaseContactFormSet(forms.BaseFormSet):
    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    # Its rows' consents, as one form's (core.consent.tick_again).
    def shown_another_consent_text(self, in_force) -> bool:
        return any(form.shown_another_consent_text(in_force) for form in self.forms)

    def untick_consents(self, data, in_force) -> list[list[str]]:
        return [form.untick_consents(data, in_force) for form in self.forms]

    def ask_to_tick_again(self, names) -> None:
        for form, given in zip(self.forms, names, strict=False):
            form.ask_to_tick_again(given)

    def clean(self):
        super().clean()
        own = {m.pk for m in self.organisation.memberships.all()}
        for form in self.forms:
            membership = form.cleaned_data.get("membership")
            if membership and membership not in own:
                # Another organisation's person: refused, not silently dropped.
                raise forms.ValidationError(_("This person is not in your entry."))


ContactFormSet = forms.formset_factory(
    ContactForm, formset=BaseContactFormSet, extra=1, max_num=200, validate_max=True
)


def contact_initial(organisation) -> list[dict]:
    """The people form's starting rows: the organisation's current people,
    as its pending proposal (if any) would leave them, so that opening the
    form again goes on from what was proposed (``services.pending_proposal``
    does the same for the entry's fields)."""
    from .models import ChangeRequest

    rows, by_membership = [], {}
    for membership in organisation.memberships.select_related("person").order_by(
        "person__last_name", "person__first_name", "pk"
    ):
        row = {"membership": membership.pk, **_contact_values(membership.person)}
        row.update(function=membership.function, status=membership.status)
        by_membership[membership.pk] = row
        rows.append(row)
    pending = (
        organisation.change_requests.filter(status=ChangeRequest.Status.PENDING)
        .order_by("-created_at", "-pk")
        .first()
    )
    for contact in pending.proposed_contacts.all() if pending else ():
        values = {
            **_contact_values(contact),
            "function": contact.function,
            "status": contact.status,
        }
        if contact.action == contact.Action.ADD:
            rows.append(values)
        elif (row := by_membership.get(contact.membership_id)) is not None:
            if contact.action == contact.Action.REMOVE:
                row["remove"] = True
            else:
                row.update(values)
    return rows


def _contact_values(source) -> dict:
    return {name: getattr(source, name) for name in CONTACT_FIELDS}


class ReviewForm(forms.Form):
    """One accept/refuse choice and one reason per field and per person."""

    def __init__(self, *args, change_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.change_request = change_request
        self.items = []
        for name in change_request.proposed:
            self._add(f"field_{name}", field_label(name), ("field", name))
        for contact in change_request.proposed_contacts.all():
            self._add(
                f"contact_{contact.pk}", contact_label(contact), ("contact", contact.pk)
            )

    def _add(self, prefix, label, key):
        self.fields[f"{prefix}_decision"] = forms.ChoiceField(
            label=label,
            choices=Decision.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Accept or refuse this change.")},
        )
        self.fields[f"{prefix}_reason"] = forms.CharField(
            label=_("Reason given to the partner"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.items.append((prefix, key))

    def clean(self):
        cleaned = super().clean()
        for prefix, _key in self.items:
            if (
                cleaned.get(f"{prefix}_decision") == Decision.REFUSED
                and not (cleaned.get(f"{prefix}_reason") or "").strip()
            ):
                self.add_error(
                    f"{prefix}_reason", _("Tell the partner why it is refused.")
                )
        return cleaned

    def bound_items(self):
        """(decision field, reason field, key) for the template."""
        return [
            (self[f"{prefix}_decision"], self[f"{prefix}_reason"], key)
            for prefix, key in self.items
        ]

    def decisions(self) -> tuple[dict, dict]:
        fields, contacts = {}, {}
        for prefix, (kind, key) in self.items:
            answer = (
                self.cleaned_data[f"{prefix}_decision"],
                self.cleaned_data[f"{prefix}_reason"].strip(),
            )
            (fields if kind == "field" else contacts)[key] = answer
        return fields, contacts
