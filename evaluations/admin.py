from django.contrib import admin

from core import admin as core_admin

from .models import (
    Answer,
    Choice,
    EvaluationVersion,
    ExpectedResult,
    FundedProject,
    ImprovementPoint,
    Indicator,
    IndicatorPeriod,
    Invitation,
    ProjectBudgetLine,
    Question,
    Questionnaire,
    Response,
    Section,
    SubObjective,
    Testimonial,
    UnexpectedResult,
    VersionComment,
)


class SectionInline(core_admin.TabularInline):
    model = Section
    extra = 0


class ChoiceInline(core_admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(core_admin.ModelAdmin):
    list_display = ["title", "event", "audience", "opens_at", "closes_at"]
    list_select_related = ["event"]
    list_filter = ["audience", "is_anonymous"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    readonly_fields = ["token"]
    inlines = [SectionInline]


@admin.register(Question)
class QuestionAdmin(core_admin.ModelAdmin):
    list_display = ["label", "kind", "questionnaire", "is_required"]
    list_select_related = ["questionnaire"]
    list_filter = ["kind"]
    search_fields = ["label"]
    raw_id_fields = ["questionnaire", "section"]
    inlines = [ChoiceInline]


@admin.register(Invitation)
class InvitationAdmin(core_admin.ModelAdmin):
    list_display = ["registration", "questionnaire", "sent_at", "used"]
    list_select_related = ["registration", "questionnaire"]
    raw_id_fields = ["questionnaire", "registration"]
    readonly_fields = ["token"]


class AnswerInline(core_admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ["question", "choice"]


@admin.register(Response)
class ResponseAdmin(core_admin.ModelAdmin):
    list_display = ["pk", "questionnaire", "segment", "submitted_at", "quote_consent"]
    list_select_related = ["questionnaire"]
    list_filter = ["segment", "quote_consent"]
    raw_id_fields = ["questionnaire", "invitation"]
    # The proof of a consent is recorded by the answer page, never typed here.
    readonly_fields = ["quote_consent_text", "quote_consent_at"]
    inlines = [AnswerInline]


@admin.register(Testimonial)
class TestimonialAdmin(core_admin.ModelAdmin):
    list_display = ["text", "first_name", "organisation_name", "approved_by"]
    search_fields = ["text", "first_name", "organisation_name"]
    raw_id_fields = ["answer", "approved_by"]


# --- funded projects and their logical framework ------------------------------


class SubObjectiveInline(core_admin.TabularInline):
    model = SubObjective
    extra = 0


class UnexpectedResultInline(core_admin.TabularInline):
    model = UnexpectedResult
    extra = 0


class ImprovementPointInline(core_admin.TabularInline):
    model = ImprovementPoint
    extra = 0


@admin.register(FundedProject)
class FundedProjectAdmin(core_admin.ModelAdmin):
    list_display = ["title", "starts_on", "ends_on", "amount_granted", "coordinator"]
    list_select_related = ["coordinator"]
    search_fields = ["title", "funders__name"]
    # Many-to-many autocompletes trip core.admin's bounded widget (it looks
    # up a field named "pk"): plain filtered lists instead.
    filter_horizontal = ["funders", "events", "series"]
    autocomplete_fields = ["coordinator"]
    inlines = [SubObjectiveInline, UnexpectedResultInline, ImprovementPointInline]


class ExpectedResultInline(core_admin.TabularInline):
    model = ExpectedResult
    extra = 0


@admin.register(SubObjective)
class SubObjectiveAdmin(core_admin.ModelAdmin):
    list_display = ["title", "project", "position"]
    list_select_related = ["project"]
    search_fields = ["title", "project__title"]
    raw_id_fields = ["project"]
    inlines = [ExpectedResultInline]


class IndicatorInline(core_admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "measure", "unit", "direction", "computation", "target"]


@admin.register(ExpectedResult)
class ExpectedResultAdmin(core_admin.ModelAdmin):
    list_display = ["title", "sub_objective", "position"]
    list_select_related = ["sub_objective"]
    search_fields = ["title"]
    raw_id_fields = ["sub_objective"]
    inlines = [IndicatorInline]


class IndicatorPeriodInline(core_admin.TabularInline):
    model = IndicatorPeriod
    extra = 0
    fields = ["label", "event", "year", "target", "actual", "source"]
    raw_id_fields = ["event"]


@admin.register(Indicator)
class IndicatorAdmin(core_admin.ModelAdmin):
    list_display = ["name", "measure", "computation", "target", "result"]
    list_select_related = ["result"]
    list_filter = ["measure", "computation"]
    search_fields = ["name"]
    raw_id_fields = ["result"]
    inlines = [IndicatorPeriodInline]


@admin.register(IndicatorPeriod)
class IndicatorPeriodAdmin(core_admin.ModelAdmin):
    list_display = ["indicator", "label", "target", "actual", "source"]
    list_select_related = ["indicator"]
    search_fields = ["label", "indicator__name"]
    raw_id_fields = ["indicator", "event", "author"]
    readonly_fields = ["computed_at"]


@admin.register(UnexpectedResult)
class UnexpectedResultAdmin(core_admin.ModelAdmin):
    list_display = ["__str__", "effect", "project"]
    list_select_related = ["project"]
    list_filter = ["effect"]
    raw_id_fields = ["project"]


@admin.register(ImprovementPoint)
class ImprovementPointAdmin(core_admin.ModelAdmin):
    list_display = ["__str__", "kind", "project"]
    list_select_related = ["project"]
    list_filter = ["kind"]
    raw_id_fields = ["project"]


class VersionCommentInline(core_admin.TabularInline):
    model = VersionComment
    extra = 0
    raw_id_fields = ["author"]


@admin.register(EvaluationVersion)
class EvaluationVersionAdmin(core_admin.ModelAdmin):
    """A submitted version is frozen: its snapshot is shown, never edited
    (``evaluations.funding.submit_version`` creates it)."""

    list_display = ["project", "number", "status", "submitted_at", "acknowledged_at"]
    list_select_related = ["project"]
    list_filter = ["status"]
    readonly_fields = [
        "project",
        "number",
        "status",
        "snapshot",
        "submitted_at",
        "submitted_by",
        "acknowledged_at",
        "acknowledged_by",
    ]
    inlines = [VersionCommentInline]

    def has_add_permission(self, request):
        return False


@admin.register(VersionComment)
class VersionCommentAdmin(core_admin.ModelAdmin):
    list_display = ["__str__", "version", "author", "created_at"]
    list_select_related = ["version", "author"]
    raw_id_fields = ["version", "author"]


@admin.register(ProjectBudgetLine)
class ProjectBudgetLineAdmin(core_admin.ModelAdmin):
    list_display = ["project", "account", "label", "planned", "actual"]
    list_select_related = ["project"]
    list_filter = ["account"]
    search_fields = ["label", "project__title"]
    raw_id_fields = ["project", "funder"]
