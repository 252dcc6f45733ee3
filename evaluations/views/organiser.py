"""The coordinators' pages: builder, distribution, results, exports, quotes."""

import io

import segno
from crispy_forms.layout import Submit
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, ListView, TemplateView, UpdateView

from core.confirm import ConfirmDeleteMixin
from core.spreadsheets import csv_bytes, xlsx_bytes
from core.views import OrganiserAreaMixin

from .. import exporters, services
from ..forms import (
    QuestionForm,
    QuestionnaireCreateForm,
    QuestionnaireForm,
    SectionForm,
    TemplateCopyForm,
)
from ..models import Answer, Question, Questionnaire, Section, Segment
from ..selectors import (
    questionnaire_for_builder,
    questionnaire_results,
    questionnaires_for_organiser,
    text_answers,
)
from ..templates_catalogue import TEMPLATES


class EvaluationAreaMixin(OrganiserAreaMixin):
    permission_required = "evaluations.view_evaluation_area"

    def get_permission_object(self):
        # Permissions are by role; the object is fetched (or 404) afterwards.
        return None

    def visible_questionnaires(self):
        return Questionnaire.objects.for_user(self.request.user)

    def get_questionnaire(self, pk=None):
        return get_object_or_404(
            self.visible_questionnaires().select_related("event"),
            pk=pk or self.kwargs["pk"],
        )


class BuilderMixin(EvaluationAreaMixin):
    permission_required = "evaluations.change_questionnaire"

    def builder_response(self, questionnaire_pk):
        """The builder's partial for htmx, a redirect to the builder otherwise."""
        if self.request.htmx:
            questionnaire = questionnaire_for_builder(
                user=self.request.user, pk=questionnaire_pk
            )
            return TemplateResponse(
                self.request,
                "evaluations/organiser/questionnaire_detail.html#builder",
                {"questionnaire": questionnaire},
            )
        return redirect("evaluations:orga_questionnaire_detail", pk=questionnaire_pk)


def _parse_source(value: str, questionnaires):
    """``tpl:key`` or ``q:pk`` into ``(template_key, source questionnaire)``."""
    kind, _sep, ref = (value or "").partition(":")
    if kind == "tpl" and ref in TEMPLATES:
        return ref, None
    if kind == "q" and ref.isdigit():
        return "", questionnaires.filter(pk=ref).first()
    return "", None


class QuestionnaireListView(EvaluationAreaMixin, ListView):
    template_name = "evaluations/organiser/questionnaire_list.html"
    context_object_name = "questionnaires"
    paginate_by = 25

    def get_queryset(self):
        return questionnaires_for_organiser(user=self.request.user)


class QuestionnaireCreateView(BuilderMixin, CreateView):
    template_name = "evaluations/organiser/questionnaire_form.html"
    form_class = QuestionnaireCreateForm

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("event", "").isdigit():
            initial["event"] = self.request.GET["event"]
        initial["source"] = "tpl:satisfaction"
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["questionnaires"] = self.visible_questionnaires().select_related("event")
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        template_key, source = _parse_source(
            data.pop("source"), self.visible_questionnaires()
        )
        if not data.get("title"):
            data.pop("title")
        event = data.pop("event")
        self.object = services.create_questionnaire(
            event=event,
            by=self.request.user,
            template_key=template_key,
            source=source,
            **data,
        )
        messages.success(self.request, _("The questionnaire was created."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class QuestionnaireUpdateView(BuilderMixin, UpdateView):
    template_name = "evaluations/organiser/questionnaire_form.html"
    form_class = QuestionnaireForm

    def get_queryset(self):
        return self.visible_questionnaires()

    def form_valid(self, form):
        messages.success(self.request, _("The questionnaire was saved."))
        return super().form_valid(form)


class QuestionnaireDetailView(EvaluationAreaMixin, TemplateView):
    """The builder: sections, questions, choices, in order."""

    template_name = "evaluations/organiser/questionnaire_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            questionnaire = questionnaire_for_builder(
                user=self.request.user, pk=self.kwargs["pk"]
            )
        except Questionnaire.DoesNotExist as error:
            raise Http404 from error
        context["questionnaire"] = questionnaire
        context["section_form"] = SectionForm()
        context["copy_form"] = TemplateCopyForm(
            questionnaires=self.visible_questionnaires()
            .exclude(pk=questionnaire.pk)
            .select_related("event")
        )
        return context


class QuestionnaireCopyView(BuilderMixin, View):
    """Append the questions of a template or of another questionnaire."""

    def post(self, request, pk):
        questionnaire = self.get_questionnaire(pk)
        others = self.visible_questionnaires().exclude(pk=pk)
        form = TemplateCopyForm(request.POST, questionnaires=others)
        if form.is_valid():
            template_key, source = _parse_source(form.cleaned_data["source"], others)
            with transaction.atomic():
                if template_key:
                    services.fill_from_template(questionnaire, TEMPLATES[template_key])
                elif source is not None:
                    services.copy_questionnaire_content(
                        source=source, target=questionnaire
                    )
            messages.success(request, _("The questions were added."))
        return self.builder_response(pk)


class SectionCreateView(BuilderMixin, View):
    def post(self, request, pk):
        questionnaire = self.get_questionnaire(pk)
        form = SectionForm(request.POST)
        if form.is_valid():
            services.add_section(questionnaire=questionnaire, **form.cleaned_data)
        else:
            messages.error(request, _("A section needs a title."))
        return self.builder_response(pk)


class SectionUpdateView(BuilderMixin, UpdateView):
    template_name = "evaluations/organiser/section_form.html"
    form_class = SectionForm
    context_object_name = "section"

    def get_queryset(self):
        return Section.objects.filter(
            questionnaire__in=self.visible_questionnaires()
        ).select_related("questionnaire")

    def get_success_url(self):
        return self.object.questionnaire.get_absolute_url()


class ItemActionView(ConfirmDeleteMixin, BuilderMixin, View):
    """Move (up or down) or delete a section or a question. A delete is asked
    first on GET (the answers or questions it takes with it); the builder's
    htmx button posts straight away after ``hx-confirm``."""

    model = Section

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in ("up", "down", "delete"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_item(self):
        return get_object_or_404(
            self.model.objects.filter(
                questionnaire__in=self.visible_questionnaires()
            ).select_related("questionnaire"),
            pk=self.kwargs["pk"],
        )

    get_delete_object = get_item

    def delete(self, obj):
        services.delete_item(item=obj, by=self.request.user)

    def get_success_url(self):
        return reverse(
            "evaluations:orga_questionnaire_detail",
            args=[self.get_item().questionnaire_id],
        )

    def deleted_response(self):
        return self.builder_response(self.deleted_questionnaire_pk)

    def get(self, request, pk, action):
        if action != "delete":
            return self.http_method_not_allowed(request)
        return super().get(request)

    def post(self, request, pk, action):
        item = self.get_item()
        self.deleted_questionnaire_pk = item.questionnaire_id
        if action == "delete":
            return super().post(request)
        services.move_item(item=item, direction=-1 if action == "up" else 1)
        return self.builder_response(item.questionnaire_id)


class QuestionActionView(ItemActionView):
    model = Question


class QuestionFormMixin(BuilderMixin):
    template_name = "evaluations/organiser/question_form.html"
    form_class = QuestionForm
    context_object_name = "question"

    def form_valid(self, form):
        question = form.save(commit=False)
        if question.pk is None:
            question.section = self.section
        labels = form.cleaned_data["choice_labels"]
        removed = services.answered_choices_removed(
            question=question, choice_labels=labels
        )
        if removed and not self.request.POST.get("confirm_removal"):
            # Answered choices are kept (archived), but ask first.
            form.helper.inputs.clear()
            form.helper.add_input(
                Submit(
                    "confirm_removal",
                    _("Remove these choices and keep their answers"),
                    css_class="btn-warning",
                )
            )
            return self.render_to_response(
                self.get_context_data(form=form, removed_choices=removed)
            )
        try:
            services.save_question(question=question, choice_labels=labels)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The question was saved."))
        return redirect(
            reverse(
                "evaluations:orga_questionnaire_detail",
                args=[question.questionnaire_id],
            )
            + f"#question-{question.pk}"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        return context


class QuestionCreateView(QuestionFormMixin, CreateView):
    @cached_property
    def section(self):
        return get_object_or_404(
            Section.objects.filter(
                questionnaire__in=self.visible_questionnaires()
            ).select_related("questionnaire"),
            pk=self.kwargs["section_pk"],
        )

    def get(self, request, *args, **kwargs):
        self.section  # noqa: B018 - a section the user may not see is a 404
        return super().get(request, *args, **kwargs)


class QuestionUpdateView(QuestionFormMixin, UpdateView):
    def get_queryset(self):
        return Question.objects.filter(
            questionnaire__in=self.visible_questionnaires()
        ).select_related("section__questionnaire")

    def get_object(self, queryset=None):
        question = super().get_object(queryset)
        self.section = question.section
        return question


# -- Distribution -------------------------------------------------------------


def public_url(request, questionnaire) -> str:
    return request.build_absolute_uri(questionnaire.get_public_url())


class DistributionView(EvaluationAreaMixin, TemplateView):
    template_name = "evaluations/organiser/questionnaire_share.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        context["questionnaire"] = questionnaire
        context["public_url"] = public_url(self.request, questionnaire)
        context["invitations"] = questionnaire.invitations.aggregate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            used=Count("pk", filter=Q(used=True)),
        )
        context["registered"] = questionnaire.event.registrations.filter(
            cancelled_at__isnull=True
        ).count()
        return context


# ISO/IEC 18004 asks for a quiet zone of four modules around a QR code.
QR_QUIET_ZONE = 4


def qr_code(url: str, kind: str, *, title: str = "") -> bytes:
    """The QR code of ``url`` as ``svg`` or ``png`` bytes, with its quiet zone."""
    buffer = io.BytesIO()
    options = {"title": title} if kind == "svg" else {}
    segno.make(url, error="m").save(
        buffer, kind=kind, scale=8, border=QR_QUIET_ZONE, **options
    )
    return buffer.getvalue()


class QrCodeView(EvaluationAreaMixin, View):
    """The open link's QR code, as SVG (``qr.svg``) or PNG (``qr.png``)."""

    kind = "svg"
    content_types = {"svg": "image/svg+xml", "png": "image/png"}

    def get(self, request, pk):
        questionnaire = self.get_questionnaire(pk)
        return HttpResponse(
            qr_code(
                public_url(request, questionnaire),
                self.kind,
                title=questionnaire.title,
            ),
            content_type=self.content_types[self.kind],
        )


class PosterView(EvaluationAreaMixin, TemplateView):
    template_name = "evaluations/organiser/questionnaire_poster.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        context["questionnaire"] = questionnaire
        context["public_url"] = public_url(self.request, questionnaire)
        return context


class InviteView(BuilderMixin, View):
    def post(self, request, pk):
        questionnaire = self.get_questionnaire(pk)
        created = services.invite_participants(
            questionnaire=questionnaire, by=request.user
        )
        messages.success(
            request,
            _("%(count)s new invitations are being sent.") % {"count": created},
        )
        return redirect("evaluations:orga_questionnaire_share", pk=pk)


# -- Results ------------------------------------------------------------------


def _segment(request) -> str:
    value = request.GET.get("segment", "")
    return value if value in Segment.values else ""


class ResultsView(EvaluationAreaMixin, TemplateView):
    permission_required = "evaluations.view_results"
    template_name = "evaluations/organiser/questionnaire_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        segment = _segment(self.request)
        context["questionnaire"] = questionnaire
        context["results"] = questionnaire_results(
            questionnaire=questionnaire, segment=segment
        )
        context["segment"] = segment
        return context


class TextAnswersView(EvaluationAreaMixin, TemplateView):
    permission_required = "evaluations.view_results"
    template_name = "evaluations/organiser/answer_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        segment = _segment(self.request)
        search = self.request.GET.get("q", "").strip()[:100]
        answers = text_answers(
            questionnaire=questionnaire, segment=segment, search=search
        )
        page = Paginator(answers, 30).get_page(self.request.GET.get("page"))
        context.update(
            questionnaire=questionnaire,
            answers=page.object_list,
            page_obj=page,
            segment=segment,
            search=search,
            segments=Segment.choices,
            query_string=urlencode(
                {k: v for k, v in (("segment", segment), ("q", search)) if v}
            ),
        )
        return context


class ExportView(EvaluationAreaMixin, View):
    permission_required = "evaluations.view_results"

    def get(self, request, pk, what, fmt):
        questionnaire = self.get_questionnaire(pk)
        if what == "reponses":
            rows = exporters.raw_rows(questionnaire=questionnaire)
        elif what == "synthese":
            results = questionnaire_results(
                questionnaire=questionnaire, segment=_segment(request)
            )
            rows = exporters.summary_rows(results=results)
        else:
            raise Http404
        return spreadsheet_response(
            rows, fmt, f"questionnaire-{questionnaire.pk}-{what}", questionnaire.title
        )


def spreadsheet_response(rows, fmt: str, filename: str, title: str) -> HttpResponse:
    """``rows`` (the header first) as a CSV or XLSX download; 404 for another
    format."""
    if fmt == "csv":
        response = HttpResponse(
            csv_bytes(exporters.for_csv(rows)),
            content_type="text/csv; charset=utf-8",
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes(rows, title=title),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class TestimonialCreateView(EvaluationAreaMixin, View):
    permission_required = "evaluations.add_testimonial"

    def post(self, request, pk):
        answer = get_object_or_404(
            Answer.objects.filter(
                question__questionnaire__in=self.visible_questionnaires()
            ).select_related("response", "question"),
            pk=pk,
        )
        try:
            services.mark_testimonial(
                answer=answer,
                by=request.user,
                first_name=request.POST.get("first_name", "").strip()[:100] or None,
                organisation_name=request.POST.get("organisation_name", "").strip()[
                    :200
                ]
                or None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The answer is now a testimonial."))
        return redirect(
            reverse(
                "evaluations:orga_answer_list",
                args=[answer.question.questionnaire_id],
            )
            + f"#answer-{answer.pk}"
        )
