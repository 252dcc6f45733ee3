"""Input validation for the builder and for the answering page."""

import copy

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from core.fields import ModelForm
from core.forms import OneTimeKeyField, SharedFields
from events.models import Event
from workshops.models import Workshop

from .models import Question, Questionnaire, Section, Segment
from .services import check_kind_change
from .templates_catalogue import TEMPLATE_CHOICES

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
        fields = ["kind", "label", "help_text", "is_required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(
                choice.label for choice in self.instance.offered_choices()
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save the question")))

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
        if cleaned.get("kind") in Question.CHOICE_KINDS and len(labels) < 2:
            self.add_error("choices_text", _("Give at least two choices."))
        cleaned["choice_labels"] = labels
        return cleaned


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
        return forms.TypedMultipleChoiceField(
            choices=question.choice_options,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
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


class ResponseForm(forms.Form):
    """A respondent's answers; one field ``q<id>`` per question."""

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
        **kwargs,
    ):
        """``share_fields``: for a form that is validated, never rendered
        (core.forms.SharedFields); its fields are those of the questionnaire's
        structure, built once per process (_response_form_fields)."""
        fields = _response_form_fields(
            questionnaire, questions, ask_segment=ask_segment
        )
        # BaseForm.__init__ deep-copies ``self.base_fields`` into ``self.fields``.
        self.base_fields = SharedFields(fields) if share_fields else fields
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = questions

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def sections(self):
        """``(section, [bound fields])`` in order, for the template."""
        grouped, current = [], None
        for question in self.questions:
            if current is None or current[0].pk != question.section_id:
                current = (question.section, [])
                grouped.append(current)
            current[1].append(self[f"q{question.pk}"])
        return grouped

    def values(self) -> dict[int, object]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}")
            for question in self.questions
        }


# ResponseForm's fields per questionnaire structure, per process. The key
# holds the questionnaire's ``updated_at``, which every change of its
# structure bumps (signals.py), as for the questions themselves
# (selectors.questions_for_answering); never changed once built.
_RESPONSE_FIELDS: dict[tuple, dict[str, forms.Field]] = {}
_RESPONSE_FIELDS_MAX = 200


def _response_form_fields(questionnaire, questions, *, ask_segment):
    key = (
        questionnaire.pk,
        questionnaire.updated_at,
        questionnaire.is_anonymous,
        ask_segment,
        get_language(),
        tuple(question.pk for question in questions),
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
    if not questionnaire.is_anonymous:
        fields["first_name"] = forms.CharField(
            label=_("Your first name"), required=False, max_length=100
        )
        fields["organisation_name"] = forms.CharField(
            label=_("Your organisation"), required=False, max_length=200
        )
    fields["quote_consent"] = forms.BooleanField(
        label=_("I agree that my answer may be quoted"), required=False
    )
    if len(_RESPONSE_FIELDS) >= _RESPONSE_FIELDS_MAX:
        _RESPONSE_FIELDS.clear()
    _RESPONSE_FIELDS[key] = fields
    return fields
