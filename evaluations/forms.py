"""Input validation for the builder and for the answering page."""

import copy
import functools

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from core.consent import ConsentVersionField, ConsentVersionMixin
from core.fields import ModelForm
from core.forms import OneTimeKeyField, SharedFields
from events.models import Event
from workshops.models import Workshop

from .models import Question, Questionnaire, Section, Segment
from .services import check_kind_change, check_max_choices
from .templates_catalogue import TEMPLATE_CHOICES

# What the ends of a 0-to-10 question mean (the usual recommendation scale).
RECOMMENDATION_ENDS = (_("0 = Not at all likely"), _("10 = Extremely likely"))

DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class QuestionnaireForm(ModelForm):
    class Meta:
        model = Questionnaire
        fields = [
            "event",
            "workshop",
            "title",
            "intro",
            "audience",
            "opens_at",
            "closes_at",
            "is_anonymous",
            "segment_mode",
        ]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "intro": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.order_by("-starts_at")
        self.fields["workshop"].queryset = Workshop.objects.select_related("event")
        self.fields["workshop"].help_text = _(
            "Optional: a workshop of the event, to evaluate it on its own."
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean(self):
        cleaned = super().clean()
        event, workshop = cleaned.get("event"), cleaned.get("workshop")
        if workshop and event and workshop.event_id != event.pk:
            self.add_error("workshop", _("This workshop belongs to another event."))
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The closing date must follow the opening."))
        return cleaned


class QuestionnaireCreateForm(QuestionnaireForm):
    source = forms.ChoiceField(
        label=_("Start from"),
        required=False,
        help_text=_("A ready template or an earlier questionnaire to copy."),
    )

    class Meta(QuestionnaireForm.Meta):
        fields = ["source", *QuestionnaireForm.Meta.fields]

    def __init__(self, *args, questionnaires=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the template's title.")
        self.fields["source"].choices = [
            ("", _("An empty questionnaire")),
            (_("Templates"), [(f"tpl:{k}", label) for k, label in TEMPLATE_CHOICES]),
            (
                _("Copy a questionnaire"),
                [(f"q:{q.pk}", f"{q.title} ({q.event})") for q in questionnaires],
            ),
        ]
        self.order_fields(["source", *QuestionnaireForm.Meta.fields])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and not cleaned.get("source"):
            self.add_error("title", _("Give a title or choose a template."))
        return cleaned


class TemplateCopyForm(forms.Form):
    source = forms.ChoiceField(label=_("Add the questions of"), choices=())

    def __init__(self, *args, questionnaires=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (_("Templates"), [(f"tpl:{k}", label) for k, label in TEMPLATE_CHOICES]),
            (
                _("Copy a questionnaire"),
                [(f"q:{q.pk}", f"{q.title} ({q.event})") for q in questionnaires],
            ),
        ]


class SectionForm(ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))


class QuestionForm(ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single and multiple choice: one choice per line."),
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "kind",
            "label",
            "help_text",
            "is_required",
            "choices_text",
            "max_choices",
            "has_other",
            "may_be_quoted",
            "key",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(
                choice.label for choice in self.instance.offered_choices()
            )
            # Moving a question to another section of its questionnaire.
            self.fields["section"].queryset = Section.objects.filter(
                questionnaire_id=self.instance.questionnaire_id
            )
            self.fields["section"].empty_label = None
            self.fields["section"].required = False
            self.fields["section"].help_text = _(
                "To move the question to another part; it goes last there."
            )
        else:
            del self.fields["section"]
        self.fields["max_choices"].widget.attrs["min"] = 1
        self.order_fields(self.Meta.fields)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save the question")))

    def clean_section(self):
        # Left out of a post: the question stays where it is.
        return self.cleaned_data.get("section") or self.instance.section

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        try:
            check_kind_change(question=self.instance, kind=kind)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["kind"]) from None
        return kind

    def clean(self):
        cleaned = super().clean()
        labels = []
        for line in (cleaned.get("choices_text") or "").splitlines():
            label = line.strip()[:200]
            if label and label not in labels:
                labels.append(label)
        kind = cleaned.get("kind")
        if kind in Question.CHOICE_KINDS and len(labels) < 2:
            self.add_error("choices_text", _("Give at least two choices."))
        cleaned["choice_labels"] = labels
        limit = cleaned.get("max_choices")
        if limit and kind != Question.Kind.MULTIPLE:
            self.add_error(
                "max_choices", _("Only a multiple-choice question has a maximum.")
            )
        elif limit is not None and limit < 1:
            self.add_error("max_choices", _("Allow at least one tick."))
        elif limit and labels and limit > len(labels) + cleaned.get("has_other", 0):
            self.add_error(
                "max_choices", _("The maximum is more than the number of choices.")
            )
        if cleaned.get("has_other") and kind not in Question.CHOICE_KINDS:
            self.add_error(
                "has_other", _("Only a single or multiple choice offers « Other ».")
            )
        if cleaned.get("may_be_quoted") and kind not in Question.TEXT_KINDS:
            self.add_error("may_be_quoted", _("Only a written answer can be quoted."))
        return cleaned


def _check_ticks(question: Question, values) -> None:
    try:
        check_max_choices(question, len(values))
    except ValidationError as error:
        raise forms.ValidationError(error.messages) from None


def question_field(question: Question) -> forms.Field:
    """The form field a respondent fills in for ``question``.

    Built for every answer page and every submission: the choices are given
    as callables (Django reads them lazily instead of normalising each
    list up front), and widgets as classes (an instance would be deep-copied).
    """
    common = {
        "label": question.label,
        "required": question.is_required,
        # Form templates print help texts as they are (HTML): this one is
        # typed in the builder, and must show as text.
        "help_text": conditional_escape(question.help_text),
    }
    kind = question.kind
    if kind in Question.SCALE_KINDS:
        field = forms.TypedChoiceField(
            choices=question.scale,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
        field.widget.attrs["class"] = f"scale scale-{kind}"
        return field
    if kind == Question.Kind.SINGLE:
        return forms.TypedChoiceField(
            choices=question.choice_options,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Question.Kind.MULTIPLE:
        field = forms.TypedMultipleChoiceField(
            choices=question.choice_options,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            validators=[functools.partial(_check_ticks, question)],
            **common,
        )
        if question.max_choices:
            field.widget.attrs["data-max-choices"] = str(question.max_choices)
        return field
    if kind == Question.Kind.NUMBER:
        return forms.IntegerField(
            min_value=Question.NUMBER_MIN, max_value=Question.NUMBER_MAX, **common
        )
    if kind == Question.Kind.SHORT_TEXT:
        return _text_field(Question.SHORT_TEXT_MAX, forms.TextInput, **common)
    field = _text_field(Question.LONG_TEXT_MAX, forms.Textarea, **common)
    field.widget.attrs["rows"] = 4
    return field


class LimitedCharField(forms.CharField):
    """A text field whose widget states its limit instead of enforcing it.

    A ``maxlength`` attribute makes the browser cut a long paste without a
    word; its widget gets the limit as ``data-maxlength`` instead, which
    ``static/evaluations/answer.js`` turns into a live counter, and the
    form refuses a longer answer with a message next to the field.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs["data-maxlength"] = str(self.max_length)
        return attrs


def _text_field(limit: int, widget, *, help_text, **common) -> forms.CharField:
    limit_text = ngettext(
        "%(limit)s characters at most.", "%(limit)s characters at most.", limit
    ) % {"limit": number_format(limit, use_l10n=True, force_grouping=True)}
    return LimitedCharField(
        max_length=limit,
        widget=widget,
        help_text=format_html("{} {}", help_text, limit_text)
        if help_text
        else limit_text,
        error_messages={
            "max_length": _(
                "Your answer is %(show_value)d characters long; the limit is "
                "%(limit_value)d. Shorten it: nothing was cut."
            )
        },
        **common,
    )


class ResponseForm(ConsentVersionMixin, forms.Form):
    """A respondent's answers; one field ``q<id>`` per question."""

    # The quote consent text shown (core.consent).
    consent_version_name = "quote_consent_version"

    # New at each rendering: a double tap on "Send" stores one response.
    submission_key = OneTimeKeyField()
    # A field people never see: bots fill it in, and their answer is dropped.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self,
        *args,
        questionnaire,
        questions,
        ask_segment,
        share_fields=False,
        consent_text=None,
        **kwargs,
    ):
        """``share_fields``: for a form that is validated, never rendered
        (core.forms.SharedFields); its fields are those of the questionnaire's
        structure, built once per process (_response_form_fields).
        ``consent_text``: the quote consent text in force (core.consent),
        shown beside each consent checkbox with its version."""
        fields = _response_form_fields(
            questionnaire, questions, ask_segment=ask_segment, consent_text=consent_text
        )
        # BaseForm.__init__ deep-copies ``self.base_fields`` into ``self.fields``.
        self.base_fields = SharedFields(fields) if share_fields else fields
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = questions
        self.ask_segment = ask_segment
        self.consent_text = consent_text

    def rendering_key(self):
        """What the rendering of the questions depends on when the form is
        shown empty: the same markup for every respondent with this key
        (``{% samefragment %}``, core/templatetags/fragments.py). None for a
        bound form: its answers and errors are the respondent's own."""
        if self.is_bound:
            return None
        return _response_fields_key(
            self.questionnaire,
            self.questions,
            ask_segment=self.ask_segment,
            consent_text=self.consent_text,
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def sections(self):
        """``(section, [items])`` in order, for the template.

        An item is a dict: ``grid`` (the bound fields of consecutive 1-to-5
        questions, shown as one grid, one row each), ``scale`` (a 0-to-10
        or yes/no question, one row of buttons) or ``field`` (any other,
        with its ``extras``: the « Autre » text, the consent to be quoted).
        """
        grouped, current = [], None
        for question in self.questions:
            if current is None or current[0].pk != question.section_id:
                current = (question.section, [])
                grouped.append(current)
            items = current[1]
            name = f"q{question.pk}"
            if question.kind == Question.Kind.SATISFACTION:
                if items and "grid" in items[-1]:
                    items[-1]["grid"].append(self[name])
                else:
                    items.append({"grid": [self[name]]})
            elif question.kind == Question.Kind.RECOMMENDATION:
                # Its ends say what 0 and 10 mean, on screen and to a screen
                # reader (the buttons' names are only numbers).
                items.append({"scale": self[name], "legend": RECOMMENDATION_ENDS})
            elif question.kind in Question.SCALE_KINDS:
                items.append({"scale": self[name]})
            else:
                items.append({"field": self[name], "extras": self.extras(name)})
        return grouped

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = f"q{question.pk}"
            if not question.has_other or name not in cleaned:
                continue
            value = cleaned[name]
            picked = value if isinstance(value, list) else [value]
            if Question.OTHER in picked and not cleaned.get(f"{name}_other"):
                self.add_error(f"{name}_other", _("Specify your « Other » answer."))
        return cleaned

    def values(self) -> dict[int, object]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}")
            for question in self.questions
        }

    def others(self) -> dict[int, str]:
        """The texts typed beside « Autre (précisez) », by question id."""
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}_other", "")
            for question in self.questions
            if question.has_other
        }

    def consents(self) -> set[int]:
        """The questions whose answer the respondent lets be quoted."""
        return {
            question.pk
            for question in self.questions
            if question.quotable and self.cleaned_data.get(f"q{question.pk}_consent")
        }

    def consent_field_names(self) -> list[str]:
        """The consent checkboxes of this form."""
        return [
            name
            for name in self.fields
            if name == "quote_consent" or name.endswith("_consent")
        ]

    def consented_once(self) -> bool:
        """The consent asked once, on questionnaires with no quotable question."""
        return bool(self.cleaned_data.get("quote_consent"))

    def extras(self, field_name: str) -> list:
        """The « Autre » text and the consent that follow a question's field."""
        return [
            self[name]
            for name in (f"{field_name}_other", f"{field_name}_consent")
            if name in self.fields
        ]


# ResponseForm's fields per questionnaire structure, per process. The key
# holds the questionnaire's ``updated_at``, which every change of its
# structure bumps (signals.py), as for the questions themselves
# (selectors.questions_for_answering); never changed once built.
_RESPONSE_FIELDS: dict[tuple, dict[str, forms.Field]] = {}
_RESPONSE_FIELDS_MAX = 200


def _consent_help_text(consent_text) -> str:
    if consent_text is None:
        return ""
    return _("“%(text)s” (consent text, version %(version)s)") % {
        "text": consent_text.text,
        "version": consent_text.version,
    }


def _response_fields_key(
    questionnaire, questions, *, ask_segment, consent_text=None
) -> tuple:
    """Everything a questionnaire's fields depend on: its structure (whose
    every change bumps ``updated_at``), the segment asked or not, the
    language, the quote consent text in force (its wording is in the
    fields)."""
    return (
        consent_text.pk if consent_text is not None else None,
        questionnaire.pk,
        questionnaire.updated_at,
        questionnaire.is_anonymous,
        ask_segment,
        get_language(),
        tuple(question.pk for question in questions),
    )


def _response_form_fields(questionnaire, questions, *, ask_segment, consent_text=None):
    key = _response_fields_key(
        questionnaire, questions, ask_segment=ask_segment, consent_text=consent_text
    )
    fields = _RESPONSE_FIELDS.get(key)
    if fields is not None:
        return fields
    fields = copy.deepcopy(ResponseForm.declared_fields)
    if ask_segment:
        fields["segment"] = forms.ChoiceField(
            label=_("You are"),
            choices=Segment.choices,
            required=False,
            widget=forms.RadioSelect,
        )
    for question in questions:
        field = question_field(question)
        if isinstance(field, forms.ChoiceField):
            # Built once: the choices are read now, not at each validation.
            field.choices = list(field.choices)
        fields[f"q{question.pk}"] = field
        if question.has_choices and question.has_other:
            fields[f"q{question.pk}_other"] = forms.CharField(
                label=_("Other: specify"),
                required=False,
                max_length=Question.SHORT_TEXT_MAX,
            )
        if question.quotable:
            fields[f"q{question.pk}_consent"] = forms.BooleanField(
                label=_("I agree that this answer may be quoted"),
                required=False,
                help_text=_consent_help_text(consent_text),
            )
    if not questionnaire.is_anonymous:
        fields["first_name"] = forms.CharField(
            label=_("Your first name"), required=False, max_length=100
        )
        fields["organisation_name"] = forms.CharField(
            label=_("Your organisation"), required=False, max_length=200
        )
    # The version of the quote consent text shown: a text published while
    # the page was open is shown again before a consent counts (views.public).
    fields["quote_consent_version"] = ConsentVersionField(
        initial=consent_text.pk if consent_text is not None else None
    )
    if not any(question.quotable for question in questions):
        fields["quote_consent"] = forms.BooleanField(
            label=_("I agree that my answer may be quoted"),
            required=False,
            help_text=_consent_help_text(consent_text),
        )
    if len(_RESPONSE_FIELDS) >= _RESPONSE_FIELDS_MAX:
        _RESPONSE_FIELDS.clear()
    _RESPONSE_FIELDS[key] = fields
    return fields
