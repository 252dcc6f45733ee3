"""Forms of the coordinators' atelier screens."""

from itertools import combinations

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from core import fields as bounded
from core.fields import ModelForm
from events.models import AgendaItem
from partners.models import Person

from .models import MAX_RANK, RANK_LABELS, Workshop
from .services import item_label


def _people():
    return Person.objects.only("first_name", "last_name").order_by(
        "last_name", "first_name"
    )


class WorkshopForm(ModelForm):
    agenda_items = bounded.ModelMultipleChoiceField(
        label=_("Sessions"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The atelier items of the programme this atelier runs in: one item "
            "is one session."
        ),
    )

    class Meta:
        model = Workshop
        fields = ["title", "question", "facilitators", "rapporteur", "room", "capacity"]
        widgets = {"question": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["facilitators"].queryset = _people()
        self.fields["rapporteur"].queryset = _people()
        self.fields["capacity"].validators.append(MinValueValidator(1))
        items = event.agenda_items.filter(kind=AgendaItem.Kind.WORKSHOP).order_by(
            "starts_at", "position"
        )
        if self.instance.pk:
            items = items.exclude(
                workshop_session__workshop__in=event.workshops.exclude(
                    pk=self.instance.pk
                )
            )
            self.initial.setdefault(
                "agenda_items",
                list(self.instance.sessions.values_list("agenda_item_id", flat=True)),
            )
        else:
            items = items.filter(workshop_session__isnull=True)
        self.fields["agenda_items"].queryset = items
        self.fields["agenda_items"].label_from_instance = item_label

    def clean_agenda_items(self):
        items = list(self.cleaned_data["agenda_items"])
        for a, b in combinations(items, 2):
            if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                raise forms.ValidationError(
                    _(
                        "“%(a)s” and “%(b)s” overlap: an atelier cannot run twice "
                        "at the same time."
                    ),
                    params={"a": item_label(a), "b": item_label(b)},
                )
        return items


class ChoicesForm(forms.Form):
    """A registrant's 1st, 2nd and 3rd choices among the event's ateliers."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        for rank in range(1, MAX_RANK + 1):
            self.fields[f"rank_{rank}"] = bounded.ModelChoiceField(
                label=RANK_LABELS[rank - 1],
                queryset=event.workshops.only("title"),
                required=False,
                empty_label=_("(none)"),
            )

    def clean(self):
        cleaned = super().clean()
        ranked = self.ranked()
        seen = set()
        for rank, workshop in enumerate(ranked, start=1):
            field = f"rank_{rank}"
            if workshop is None:
                continue
            if workshop in seen:
                self.add_error(field, _("This atelier is already chosen above."))
            elif rank > 1 and ranked[rank - 2] is None:
                self.add_error(
                    field, _("Give the choices in order, without leaving a gap.")
                )
            seen.add(workshop)
        return cleaned

    def ranked(self) -> list:
        return [
            self.cleaned_data.get(f"rank_{rank}") for rank in range(1, MAX_RANK + 1)
        ]
