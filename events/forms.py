"""Input validation for events pages (crispy layouts here)."""

import copy
import datetime as dt
import functools
import zoneinfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import fields as bounded
from core.accounting import Account
from core.consent import ConsentVersionField, ConsentVersionMixin
from core.fields import ModelForm
from core.forms import OneTimeKeyField, SharedFields
from core.templatetags.maillage import quand
from partners.models import Organisation, Person
from partners.widgets import PersonPicker

from .models import (
    Action,
    ActivitySession,
    AgendaItem,
    AgendaPoint,
    Attendance,
    BudgetLine,
    Decision,
    Event,
    EventPart,
    EventSeries,
    Registration,
    Room,
    Stand,
    TeamRole,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


class CrispyMixin:
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _organisations():
    return Organisation.objects.only("name", "acronym").order_by("sort_name", "pk")


def outside_event(event):
    return _("This item is outside the event’s hours (%(start)s – %(end)s).") % {
        "start": quand(event.starts_at),
        "end": quand(event.ends_at),
    }


class SeriesForm(CrispyMixin, ModelForm):
    """A series of yearly editions and what its organisers say of it in its
    bilan (``bilan-serie``)."""

    class Meta:
        model = EventSeries
        fields = [
            "title",
            "slug",
            "organiser",
            "description",
            "review_positives",
            "review_changes",
            "review_observations",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "review_positives": forms.Textarea(attrs={"rows": 4}),
            "review_changes": forms.Textarea(attrs={"rows": 4}),
            "review_observations": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = _organisations()


class EventForm(CrispyMixin, ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "series",
            "committee",
            "starts_at",
            "ends_at",
            "organiser",
            "co_organisers",
            "funders",
            "venue_name",
            "venue_address",
            "description",
            "context",
            "stakes",
            "objectives",
            "audiences",
            "capacity",
            "is_registration_open",
            "offers_lunch",
            "charter",
            "participant_count",
            "review_positives",
            "review_changes",
            "review_observations",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "context": forms.Textarea(attrs={"rows": 3}),
            "stakes": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "audiences": forms.Textarea(attrs={"rows": 2}),
            "review_positives": forms.Textarea(attrs={"rows": 3}),
            "review_changes": forms.Textarea(attrs={"rows": 3}),
            "review_observations": forms.Textarea(attrs={"rows": 3}),
            "co_organisers": forms.SelectMultiple(attrs={"size": 6}),
            "funders": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organiser", "co_organisers", "funders"):
            self.fields[name].queryset = _organisations()
        self.fields["slug"].help_text = _(
            "The end of the public address: /e/<slug>/. Letters, digits and dashes."
        )

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The end must come after the start."))
        return cleaned


class DuplicateEventForm(CrispyMixin, forms.Form):
    submit_label = _("Create the new edition")

    title = forms.CharField(label=_("Title of the new edition"), max_length=200)
    starts_at = bounded.DateTimeField(
        label=_("Start of the new edition"), widget=DateTimeInput()
    )


class AgendaItemForm(ModelForm):
    """An item of the programme: a day, a start and an end time."""

    day = bounded.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Start"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=_("End"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "part", "room", "description", "fixed_time"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, event, start=None, **kwargs):
        """``start``: where a new item starts (where the previous one ends)."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["part"].queryset = event.parts.all()
        self.fields["room"].queryset = event.rooms.all()
        if self.instance.pk:
            start, end = self.instance.starts_at, self.instance.ends_at
        else:
            start = start or event.starts_at
            end = min(start + dt.timedelta(hours=1), event.ends_at)
        local = timezone.localtime(start, PARIS)
        self.fields["day"].initial = local.date()
        self.fields["start_time"].initial = local.time()
        if end > start:
            self.fields["end_time"].initial = timezone.localtime(end, PARIS).time()

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("day")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if not (day and start and end):
            return cleaned
        starts_at = dt.datetime.combine(day, start, tzinfo=PARIS)
        ends_at = dt.datetime.combine(day, end, tzinfo=PARIS)
        if ends_at <= starts_at:
            self.add_error("end_time", _("The end must come after the start."))
            return cleaned
        if starts_at < self.event.starts_at or ends_at > self.event.ends_at:
            self.add_error("start_time", outside_event(self.event))
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def item_data(self) -> dict:
        """The item's fields, its times combined from day, start and end."""
        names = [*self._meta.fields, "starts_at", "ends_at"]
        return {name: self.cleaned_data[name] for name in names}


class DurationForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=24 * 60
    )


class ReorderForm(forms.Form):
    """A drag and drop: the item dropped and the list's order as shown then."""

    item = forms.IntegerField(min_value=1, max_value=bounded.ID_MAX)
    order = forms.CharField(max_length=20_000)

    def clean_order(self):
        try:
            return [int(x) for x in self.cleaned_data["order"].split(",") if x]
        except ValueError:
            raise forms.ValidationError(_("Invalid order.")) from None

    def clean(self):
        cleaned = super().clean()
        if "item" in cleaned and cleaned["item"] not in cleaned.get("order", []):
            raise forms.ValidationError(_("Invalid order."))
        return cleaned

    def drop_index(self, ids: list[int]) -> int:
        """Where the item was dropped among ``ids``, the programme's items
        now (another coordinator may have added or removed some since the
        page was shown: those are left out of the count)."""
        known = set(ids)
        shown = [pk for pk in self.cleaned_data["order"] if pk in known]
        return shown.index(self.cleaned_data["item"])


class SpeakerForm(forms.Form):
    person = bounded.ModelChoiceField(
        label=_("Person from the directory"),
        queryset=Person.objects.none(),
        required=False,
    )
    name = forms.CharField(label=_("Or a guest's name"), max_length=150, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("For example: sociologist, EHESS."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.only(
            "first_name", "last_name"
        ).order_by("sort_name", "pk")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not (cleaned.get("name") or "").strip():
            self.add_error(
                "name", _("Choose a person from the directory or type a name.")
            )
        return cleaned


class RoomForm(ModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        rooms = self.instance.event.rooms.filter(name__iexact=name)
        if rooms.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This event already has a room of that name.")
            )
        return name


class EventPartForm(ModelForm):
    class Meta:
        model = EventPart
        fields = ["title", "capacity", "starts_at", "ends_at"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The end must come after the start."))
        event = self.instance.event
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if value and not event.starts_at <= value <= event.ends_at:
                self.add_error(name, outside_event(event))
        return cleaned


class StandForm(ModelForm):
    class Meta:
        model = Stand
        fields = ["organisation", "name", "shows"]
        widgets = {"shows": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["organisation"].queryset = _organisations()


class TeamRoleForm(ModelForm):
    class Meta:
        model = TeamRole
        fields = ["role", "label", "person", "name", "organisation"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["organisation"].queryset = _organisations()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("name"):
            self.add_error(
                "name", _("Choose a person from the directory or type a name.")
            )
        return cleaned


class BudgetLineForm(ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["direction", "account", "label", "funder", "planned", "actual"]
        help_texts = {
            "account": _(
                "The compte-rendu financier (Cerfa n° 15059) groups lines by "
                "account; a line without one is listed apart."
            )
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["funder"].queryset = _organisations()

    def clean(self):
        cleaned = super().clean()
        account, direction = cleaned.get("account"), cleaned.get("direction")
        if account and direction:
            is_charge = Account.is_charge(account)
            if is_charge and direction != BudgetLine.Direction.EXPENSE:
                self.add_error(
                    "account",
                    _(
                        "This account is a charge: choose “Expense”, or an "
                        "income account."
                    ),
                )
            elif not is_charge and direction != BudgetLine.Direction.INCOME:
                self.add_error(
                    "account",
                    _(
                        "This account is an income: choose “Income”, or a "
                        "charge account."
                    ),
                )
        return cleaned


class ActivitySessionForm(ModelForm):
    class Meta:
        model = ActivitySession
        fields = ["number", "starts_at", "ends_at", "room", "topic"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["room"].queryset = event.rooms.all()
        if not self.is_bound:
            self.fields["number"].initial = event.sessions.count() + 1

    def clean_number(self):
        number = self.cleaned_data["number"]
        sessions = self.instance.event.sessions.filter(number=number)
        if sessions.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This session number is already used."))
        return number

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The end must come after the start."))
        return cleaned


# The model's own fields (labels, lengths, choices) in a plain form: the
# service writes the registration; the form only checks what was typed. No
# model instance is built and validated a second time on the public hot path
# (bench/bench_registration.py).
_registration_fields = forms.fields_for_model(
    Registration,
    fields=[
        "first_name",
        "last_name",
        "email",
        "organisation_name",
        "status",
        "wants_lunch",
        "dietary_needs",
    ],
    labels={
        "organisation_name": _("Or type its name"),
        "status": _("You come as"),
        "wants_lunch": _("I will have lunch"),
    },
    widgets={
        "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
        "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        "status": forms.RadioSelect,
    },
)
# The model allows a walk-in without an e-mail; the public form does not.
_registration_fields["email"].required = True


class RegistrationForm(ConsentVersionMixin, forms.Form):
    """The public registration form (works without JavaScript)."""

    first_name = _registration_fields["first_name"]
    last_name = _registration_fields["last_name"]
    email = _registration_fields["email"]
    # Picked among the search's radio buttons (_organisation_choices.html);
    # the page never lists the directory.
    organisation = bounded.ModelChoiceField(
        label=_("Your organisation (from the directory)"),
        queryset=Organisation.objects.active().only("name", "acronym", "commune"),
        required=False,
    )
    organisation_name = _registration_fields["organisation_name"]
    status = _registration_fields["status"]
    wants_lunch = _registration_fields["wants_lunch"]
    dietary_needs = _registration_fields["dietary_needs"]
    parts = forms.TypedMultipleChoiceField(
        label=_("I will attend"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my data is used to organise this event; it is kept "
            "until the event's review and never passed on."
        ),
        required=True,
        error_messages={
            "required": _("Please agree to the processing of your data to register.")
        },
    )
    # The version of the consent text shown (core.consent): a text published
    # while the form was open is shown again before it counts as accepted.
    consent_version = ConsentVersionField()
    accept_charter = forms.BooleanField(label=_("I accept the charter"), required=False)
    submission_key = OneTimeKeyField()

    def __init__(
        self,
        *args,
        event,
        parts=None,
        share_fields=False,
        consent_text=None,
        **kwargs,
    ):
        """``share_fields``: for a form that is validated, never rendered.

        Its fields are those of the event's configuration, built once
        (_registration_form_fields), and shared instead of copied: the copy
        was the costliest step of validating a registration (the public hot
        path, bench/bench_registration.py). A rendered form takes its own
        copy, since rendering may write into widgets (crispy adds its CSS
        classes to ``widget.attrs``).
        """
        parts = parts or ()
        structure = (
            tuple((part.pk, _part_label(part)) for part in parts),
            event.offers_lunch,
            bool(event.charter_id and event.charter.current_version),
            get_language(),
        )
        fields = _registration_form_fields(
            structure[0],
            offers_lunch=structure[1],
            asks_charter=structure[2],
            language=structure[3],
        )
        # BaseForm.__init__ deep-copies ``self.base_fields`` into ``self.fields``.
        self.base_fields = SharedFields(fields) if share_fields else fields
        super().__init__(*args, **kwargs)
        self.event = event
        self.parts_by_pk = {part.pk: part for part in parts}
        self._structure = structure
        self._consent = None
        if consent_text is not None and not share_fields:
            self._consent = (consent_text.pk, consent_text.version, consent_text.text)
            # The wording in force beside the checkbox, and its version.
            self.fields["consent"].label = consent_text.text
            self.fields["consent"].help_text = _(
                "Consent text, version %(version)s."
            ) % {"version": consent_text.version}
            self.fields["consent_version"].initial = consent_text.pk

    def rendering_key(self):
        """What the rendering of this form's fields depends on when it is
        shown empty: the same markup for every visitor with this key
        (``{% samefragment %}``, core/templatetags/fragments.py). None for a
        bound form: its values and errors are the visitor's own."""
        if self.is_bound:
            return None
        event = self.event
        charter = event.charter if event.charter_id else None
        version = charter.current_version if charter else None
        return (
            event.pk,
            event.slug,
            self._structure,
            self._consent,
            charter and (charter.pk, charter.title),
            version and (version.pk, version.number, version.text),
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_parts(self):
        # The choices are this event's parts, loaded once by the view.
        return [self.parts_by_pk[pk] for pk in self.cleaned_data["parts"]]


def _part_label(part) -> str:
    taken = getattr(part, "seats_taken", None)
    if part.capacity is not None and taken is not None and taken >= part.capacity:
        return _("%(part)s — full, waiting list") % {"part": part.title}
    return part.title


@functools.lru_cache(maxsize=256)
def _registration_form_fields(
    parts: tuple[tuple[int, str], ...],
    *,
    offers_lunch: bool,
    asks_charter: bool,
    language: str | None,
) -> dict[str, forms.Field]:
    """RegistrationForm's fields for one event configuration, built once.

    The key holds everything the fields depend on: the parts' choices and
    labels, lunch, the charter, and the language of the labels computed
    here; anything else is a different key, so nothing cached goes stale.
    Never changed once built: forms copy it, or share it to validate only.
    """
    fields = copy.deepcopy(RegistrationForm.declared_fields)
    if parts:
        fields["parts"].choices = list(parts)
        fields["parts"].required = True
        fields["parts"].error_messages["required"] = _(
            "Please choose at least one part of the day."
        )
    else:
        del fields["parts"]
    if not offers_lunch:
        del fields["wants_lunch"]
        del fields["dietary_needs"]
    if asks_charter:
        fields["accept_charter"].required = True
        fields["accept_charter"].error_messages["required"] = _(
            "Please accept the charter to register."
        )
    else:
        del fields["accept_charter"]
    return fields


class AgendaPointForm(ModelForm):
    class Meta:
        model = AgendaPoint
        fields = ["title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class AttendanceForm(ModelForm):
    class Meta:
        model = Attendance
        fields = ["person", "organisation", "status", "note"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["person"].queryset = Person.objects.only(
            "first_name", "last_name"
        ).order_by("sort_name", "pk")
        self.fields["organisation"].queryset = _organisations()

    def clean_person(self):
        person = self.cleaned_data["person"]
        if (
            person
            and self.instance.event.attendances.filter(person=person)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("This person is already on the list."))
        return person


class DecisionForm(ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "agenda_point"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["agenda_point"].queryset = event.agenda_points.all()


class ActionForm(ModelForm):
    class Meta:
        model = Action
        fields = ["description", "person", "organisation", "due_on", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            # Searched as you type, not a <select> of the whole directory.
            "person": PersonPicker,
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["person"].queryset = Person.objects.only(
            "first_name", "last_name"
        ).order_by("sort_name", "pk")
        self.fields["organisation"].queryset = _organisations()


class NextMeetingForm(CrispyMixin, forms.Form):
    submit_label = _("Schedule the next meeting")

    starts_at = bounded.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    ends_at = bounded.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    venue_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address"), max_length=255, required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must come after the start."))
        if starts_at and self.meeting and starts_at <= self.meeting.starts_at:
            self.add_error(
                "starts_at",
                _("The next meeting must come after this one (%(date)s).")
                % {"date": quand(self.meeting.starts_at)},
            )
        return cleaned


class AttendeeListForm(forms.Form):
    """The ticked lines of a list of attendees to confirm (présents or
    excusés). Each line ``i`` posts ``person-i`` (a person's id, or empty
    for a new person), ``first_name-i``, ``last_name-i``,
    ``organisation-i`` and ``note-i``; ``index`` lists every line shown,
    ``line`` the ticked ones."""

    status = forms.ChoiceField(
        label=_("Add them as"),
        choices=[
            (Attendance.Status.PRESENT, _("Present")),
            (Attendance.Status.EXCUSED, _("Excused")),
        ],
        initial=Attendance.Status.PRESENT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: list[dict] = []
        self.line_errors: dict[int, dict[str, str]] = {}
        self.known_people: set[int] = set()

    @staticmethod
    def _indexes(values) -> list[int]:
        return sorted(
            {int(v) for v in values if v.isdigit() and len(v) <= 3 and int(v) < 200}
        )

    def clean(self):
        cleaned = super().clean()
        data = self.data
        ticked = set(self._indexes(data.getlist("line")))
        person_ids = {
            int(value)
            for i in ticked
            if (value := data.get(f"person-{i}", "")).isdigit() and len(value) <= 12
        }
        known = self.known_people = set(
            Person.objects.filter(pk__in=person_ids).values_list("pk", flat=True)
        )
        for i in self._indexes(data.getlist("index")):
            line = {
                "index": i,
                "ticked": i in ticked,
                "person": data.get(f"person-{i}", "").strip(),
                "first_name": data.get(f"first_name-{i}", "").strip()[:100],
                "last_name": data.get(f"last_name-{i}", "").strip()[:100],
                "organisation": data.get(f"organisation-{i}", "").strip()[:200],
                "note": data.get(f"note-{i}", "").strip()[:150],
            }
            self.lines.append(line)
            if not line["ticked"]:
                continue
            if line["person"]:
                value = line["person"]
                if not (value.isdigit() and len(value) <= 12 and int(value) in known):
                    self.line_errors[i] = {
                        "person": _("This person is not in the directory.")
                    }
            elif not (line["first_name"] or line["last_name"]):
                self.line_errors[i] = {
                    "first_name": _("Give a first name or a last name.")
                }
        if not ticked:
            raise forms.ValidationError(_("Tick at least one person."))
        if self.line_errors:
            raise forms.ValidationError(_("Correct the lines marked below."))
        return cleaned

    def rows(self) -> list[dict]:
        """The ticked lines, as ``AttendeeRow`` keyword arguments."""
        return [
            {
                "person_id": int(line["person"]) if line["person"] else None,
                "first_name": line["first_name"],
                "last_name": line["last_name"],
                "organisation_name": line["organisation"],
                "note": line["note"],
            }
            for line in self.lines
            if line["ticked"]
        ]


class InlineSpeakerForm(forms.Form):
    """A speaker typed in the programme: a person of the directory picked
    from the suggestions, or any guest's name."""

    speaker = forms.CharField(label=_("Speaker"), max_length=150)
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("For example: sociologist, EHESS."),
    )

    def clean_speaker(self):
        value = self.cleaned_data["speaker"].strip()
        if not value or "\x00" in value:
            raise forms.ValidationError(_("Type a name."))
        return value


class HandRegistrationForm(forms.Form):
    """A registration typed by a coordinator: a phone call or a walk-in.
    The e-mail is optional; present now ticks them at the door at once."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    organisation_name = forms.CharField(
        label=_("Organisation"), max_length=200, required=False
    )
    status = forms.ChoiceField(
        label=_("Comes as"),
        choices=Registration.Status.choices,
        initial=Registration.Status.OTHER,
    )
    parts = bounded.ModelMultipleChoiceField(
        label=_("Parts of the day"),
        queryset=EventPart.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    present = forms.BooleanField(label=_("Present now"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].queryset = event.parts.all()
        if not event.parts.exists():
            del self.fields["parts"]

    def registration_data(self) -> dict:
        names = ("first_name", "last_name", "email", "organisation_name", "status")
        return {name: self.cleaned_data[name] for name in names}
