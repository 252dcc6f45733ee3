"""What respondents see: the questionnaire behind a link or a QR code."""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View
from django_ratelimit.core import is_ratelimited

from core.consent import consent_in_force, tick_again
from core.forms import OneTimeKeyField
from core.models import ConsentText
from core.ratelimits import LIMITED_MESSAGE
from core.reversing import reverse_cached
from core.views import PublicAreaMixin

from ..forms import ResponseForm
from ..models import Invitation, Questionnaire
from ..selectors import questionnaire_for_answering, questions_for_answering
from ..services import (
    InvitationAlreadyUsed,
    QuestionnaireClosed,
    stored_with_key,
    submit_response,
)


def _token_key(group, request):
    return request.resolver_match.kwargs["token"]


class AnswerView(PublicAreaMixin, View):
    """``/q/<token>/`` (open link) and ``/q/<token>/<invitation>/`` (personal).

    Works as a plain POST form: no JavaScript is needed to answer.
    """

    template_name = "evaluations/public/questionnaire_answer.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        try:
            self.questionnaire = questionnaire_for_answering(token=kwargs["token"])
        except Questionnaire.DoesNotExist:
            raise Http404 from None
        self.invitation = None
        if kwargs.get("invitation_token"):
            # Another questionnaire's invitation is simply not found here.
            self.invitation = get_object_or_404(
                Invitation.objects.select_related("registration"),
                questionnaire=self.questionnaire,
                token=kwargs["invitation_token"],
            )

    def render_page(self, template, status=200, **context):
        context.update(
            questionnaire=self.questionnaire,
            invitation=self.invitation,
            layout_template=self.layout_template,
        )
        return render(self.request, template, context, status=status)

    def closed_or_used(self):
        if not self.questionnaire.is_open:
            return self.render_page("evaluations/public/questionnaire_closed.html")
        if self.invitation is not None and self.invitation.used:
            return self.render_page("evaluations/public/invitation_used.html")
        return None

    def get_form(self, data=None, *, share_fields=False):
        self.questions = questions_for_answering(questionnaire=self.questionnaire)
        ask_segment = (
            self.questionnaire.segment_mode == Questionnaire.SegmentMode.ASK
            or self.invitation is None
        )
        return ResponseForm(
            data,
            questionnaire=self.questionnaire,
            questions=self.questions,
            ask_segment=ask_segment,
            share_fields=share_fields,
            consent_text=self.consent_text,
        )

    @functools.cached_property
    def consent_text(self):
        """The quote consent text in force (cached, core.consent): shown
        beside the checkboxes and recorded with a consent given."""
        return consent_in_force(ConsentText.Purpose.QUOTE)

    def render_errors(self, error=None):
        """The page again with its errors, from a form with its own fields."""
        form = self.get_form(self.request.POST)
        form.is_valid()
        if error is not None:
            form.add_error(None, error)
        return self.render_page(self.template_name, status=400, form=form)

    def get(self, request, *args, **kwargs):
        is_preview = not self.questionnaire.is_open and request.user.has_perm(
            "evaluations.change_questionnaire"
        )
        if not is_preview and (page := self.closed_or_used()):
            return page
        return self.render_page(
            self.template_name, form=self.get_form(), is_preview=is_preview
        )

    def post(self, request, *args, **kwargs):
        for key, rate in (
            ("ip", settings.EVALUATIONS_RATE_PER_IP),
            (_token_key, settings.EVALUATIONS_RATE_PER_TOKEN),
        ):
            if is_ratelimited(
                request, group="evaluations.answer", key=key, rate=rate, increment=True
            ):
                # The answers come back as typed, with the French message.
                response = self.render_errors(LIMITED_MESSAGE)
                response.status_code = 429
                return response
        if page := self.closed_or_used():
            # The same page sent twice (a double tap): the first was stored.
            if stored_with_key(
                OneTimeKeyField.read(request.POST.get("submission_key"))
            ):
                return self.thanks()
            return page
        # Validated, never rendered: it shares its fields (core.forms).
        form = self.get_form(request.POST, share_fields=True)
        if not form.is_valid():
            return self.render_errors()
        if form.is_spam:
            return self.thanks()
        if form.shown_another_consent_text(self.consent_text):
            return self.ask_consent_again(form)
        try:
            submit_response(
                questionnaire=self.questionnaire,
                values=form.values(),
                questions=self.questions,
                segment=form.cleaned_data.get("segment") or "",
                quote_consent=form.consented_once(),
                others=form.others(),
                consents=form.consents(),
                quote_consent_text=self.consent_text,
                first_name=form.cleaned_data.get("first_name", ""),
                organisation_name=form.cleaned_data.get("organisation_name", ""),
                invitation=self.invitation,
                submission_key=form.cleaned_data["submission_key"],
            )
        except QuestionnaireClosed:
            return self.render_page("evaluations/public/questionnaire_closed.html")
        except InvitationAlreadyUsed:
            return self.render_page("evaluations/public/invitation_used.html")
        except ValidationError as error:
            return self.render_errors(error)
        return self.thanks()

    def ask_consent_again(self, form):
        """A new consent text was published while the page was open: the
        answers come back, the consents unticked, beside the new text; a
        consent counts once ticked again under it."""
        form = tick_again(form, in_force=self.consent_text, build=self.get_form)
        return self.render_page(self.template_name, status=409, form=form)

    def thanks(self):
        return HttpResponseRedirect(
            reverse_cached(
                "evaluations:public_questionnaire_thanks",
                token=self.questionnaire.token,
            )
        )


class ThanksView(PublicAreaMixin, View):
    def get(self, request, token):
        questionnaire = get_object_or_404(
            Questionnaire.objects.select_related("event"), token=token
        )
        return render(
            request,
            "evaluations/public/questionnaire_thanks.html",
            {
                "questionnaire": questionnaire,
                "layout_template": self.layout_template,
                "title": _("Thank you!"),
            },
        )
