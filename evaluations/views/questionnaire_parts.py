"""The coordinators' actions on a questionnaire once it runs: close it now,
remind the invitees, duplicate it for the next edition; its testimonials
(edit, remove, export) and its profiles compared side by side."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from core import fields as bounded
from core.confirm import ConfirmDeleteMixin
from events.models import Event

from .. import exporters, services
from ..models import Testimonial
from ..selectors import profile_comparison, testimonials_for_questionnaire
from .organiser import BuilderMixin, EvaluationAreaMixin, spreadsheet_response


class CloseNowView(BuilderMixin, View):
    """« Fermer maintenant »: answers stop at once (POST only)."""

    def post(self, request, pk):
        questionnaire = self.get_questionnaire(pk)
        try:
            services.close_now(questionnaire=questionnaire, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The questionnaire is closed."))
        return redirect("evaluations:orga_questionnaire_share", pk=pk)


class RemindView(BuilderMixin, View):
    """E-mail the invitees who have not answered yet (through the outbox)."""

    def post(self, request, pk):
        from django.conf import settings

        questionnaire = self.get_questionnaire(pk)
        try:
            count = services.remind_invitees(
                questionnaire=questionnaire, site_url=settings.SITE_URL
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if count:
                messages.success(
                    request,
                    _("%(count)s reminders are being sent.") % {"count": count},
                )
            else:
                messages.info(
                    request,
                    _(
                        "Nobody to remind: every invitee has answered or was "
                        "reminded less than two days ago."
                    ),
                )
        return redirect("evaluations:orga_questionnaire_share", pk=pk)


class DuplicateForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title of the new edition"), max_length=200
    )
    event = bounded.ModelChoiceField(
        label=gettext_lazy("Event"),
        queryset=Event.objects.order_by("-starts_at"),
        help_text=gettext_lazy("The edition the new questionnaire is about."),
    )


class DuplicateView(BuilderMixin, FormView):
    """« Dupliquer »: a copy of the questions for a new edition, which asks
    for the new title (and the edition's event)."""

    template_name = "evaluations/organiser/questionnaire_duplicate.html"
    form_class = DuplicateForm

    def get_initial(self):
        source = self.source
        return {"title": source.title, "event": source.event_id}

    @property
    def source(self):
        if not hasattr(self, "_source"):
            self._source = self.get_questionnaire()
        return self._source

    def get_context_data(self, **kwargs):
        return super().get_context_data(questionnaire=self.source, **kwargs)

    def form_valid(self, form):
        copy = services.duplicate_questionnaire(
            source=self.source,
            by=self.request.user,
            **form.cleaned_data,
        )
        messages.success(
            self.request,
            _("The questionnaire was duplicated: check its dates before opening it."),
        )
        return redirect(copy.get_absolute_url())


# -- Testimonials ----------------------------------------------------------------


class TestimonialForm(forms.ModelForm):
    class Meta:
        model = Testimonial
        fields = ["text", "first_name", "organisation_name"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class TestimonialMixin(EvaluationAreaMixin):
    def get_testimonial(self):
        return get_object_or_404(
            Testimonial.objects.filter(
                answer__question__questionnaire__in=self.visible_questionnaires()
            ).select_related("answer__question__questionnaire"),
            pk=self.kwargs["pk"],
        )

    def list_url(self, testimonial):
        return reverse(
            "evaluations:orga_testimonial_list",
            args=[testimonial.answer.question.questionnaire_id],
        )


class TestimonialListView(EvaluationAreaMixin, TemplateView):
    permission_required = "evaluations.view_results"
    template_name = "evaluations/organiser/testimonial_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        page = Paginator(testimonials_for_questionnaire(questionnaire), 25).get_page(
            self.request.GET.get("page")
        )
        context.update(
            questionnaire=questionnaire,
            testimonials=page.object_list,
            page_obj=page,
        )
        return context


class TestimonialExportView(EvaluationAreaMixin, View):
    permission_required = "evaluations.view_results"

    def get(self, request, pk, fmt):
        questionnaire = self.get_questionnaire(pk)
        rows = exporters.testimonial_rows(
            testimonials=testimonials_for_questionnaire(questionnaire)
        )
        return spreadsheet_response(
            rows, fmt, f"temoignages-{questionnaire.pk}", questionnaire.title
        )


class TestimonialUpdateView(TestimonialMixin, FormView):
    permission_required = "evaluations.change_testimonial"
    template_name = "evaluations/organiser/testimonial_form.html"
    form_class = TestimonialForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.testimonial = None

    def get_form_kwargs(self):
        self.testimonial = self.testimonial or self.get_testimonial()
        return {**super().get_form_kwargs(), "instance": self.testimonial}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            testimonial=self.testimonial,
            questionnaire=self.testimonial.answer.question.questionnaire,
            cancel_url=self.list_url(self.testimonial),
        )
        return context

    def form_valid(self, form):
        try:
            services.update_testimonial(
                testimonial=self.testimonial, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The testimonial was saved."))
        return redirect(self.list_url(self.testimonial))


class TestimonialDeleteView(ConfirmDeleteMixin, TestimonialMixin, View):
    permission_required = "evaluations.delete_testimonial"
    success_message = gettext_lazy(
        "The testimonial was removed; the answer itself is kept."
    )

    def get_delete_object(self):
        return self.get_testimonial()

    def get_confirm_title(self, obj):
        return _("Remove this testimonial")

    def delete(self, obj):
        self.deleted_list_url = self.list_url(obj)
        services.delete_testimonial(testimonial=obj, by=self.request.user)

    def get_success_url(self):
        return self.list_url(self.get_testimonial())

    def deleted_response(self):
        return redirect(self.deleted_list_url)


# -- Profiles ----------------------------------------------------------------------


class ProfilesView(EvaluationAreaMixin, TemplateView):
    """Bénévoles, salarié·es and élu·es side by side; the series' editions
    with their number of responses by profile."""

    permission_required = "evaluations.view_results"
    template_name = "evaluations/organiser/questionnaire_profiles.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        context.update(
            questionnaire=questionnaire,
            comparison=profile_comparison(questionnaire=questionnaire),
        )
        return context
