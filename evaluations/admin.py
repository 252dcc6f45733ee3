from django.contrib import admin

from core import admin as core_admin

from .models import (
    Answer,
    Choice,
    Invitation,
    Question,
    Questionnaire,
    Response,
    Section,
    Testimonial,
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
    inlines = [AnswerInline]


@admin.register(Testimonial)
class TestimonialAdmin(core_admin.ModelAdmin):
    list_display = ["text", "first_name", "organisation_name", "approved_by"]
    search_fields = ["text", "first_name", "organisation_name"]
    raw_id_fields = ["answer", "approved_by"]
