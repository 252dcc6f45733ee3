"""Anonymous pages: the public programme, its iCalendar, registration."""

import functools
import uuid
from contextlib import nullcontext

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from core.consent import consent_in_force, tick_again
from core.extensions import event_public_links, registration_extra_forms
from core.models import ConsentText
from core.ratelimits import LIMITED_MESSAGE, setting_rate
from core.reversing import reverse_cached
from core.views import PublicAreaMixin
from partners.models import Organisation

from ..exporters import programme_ics
from ..forms import RegistrationForm
from ..models import Event, Registration
from ..selectors import (
    event_for_registration,
    parts_with_seats,
    programme_by_part,
    programme_items,
    public_event,
)
from ..services import RegistrationError, cancel_registration, register_participant
from ..services.registrations import registration_closed_message


class PublicEventMixin(PublicAreaMixin):
    def get_event(self, slug):
        return public_event(slug=slug)

    def dispatch(self, request, *args, **kwargs):
        try:
            self.event = self.get_event(kwargs["slug"])
        except Event.DoesNotExist:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)


class EventPublicView(PublicEventMixin, TemplateView):
    """``/e/<slug>/``: programme by part and room, speakers, venue, stands."""

    template_name = "events/public/event_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        items = programme_items(event=event)
        rooms = {item.room for item in items if item.room_id}
        context.update(
            {
                "event": event,
                "programme": programme_by_part(items=items),
                "has_rooms": bool(rooms),
                "stands": event.stands.select_related("organisation"),
                "links": event_public_links(event),
                "can_register": not registration_closed_message(event),
            }
        )
        return context


class ProgrammeIcsView(PublicEventMixin, View):
    def get(self, request, *args, **kwargs):
        content = programme_ics(self.event, programme_items(event=self.event))
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="programme-{self.event.slug}.ics"'
        )
        return response


# Not blocking: a limited registrant gets the form back as typed (post()).
@method_decorator(
    ratelimit(
        key="ip",
        rate=setting_rate("EVENTS_REGISTRATION_RATE_PER_IP"),
        method="POST",
        block=False,
    ),
    name="post",
)
class RegistrationView(PublicEventMixin, View):
    """``/e/<slug>/inscription/``: phone-first, works without JavaScript."""

    template_name = "events/public/registration_form.html"

    def get_event(self, slug):
        # Registration is the hot path (see bench/bench_registration.py): the
        # event and its parts in one query, no prefetch.
        event, self.parts = event_for_registration(slug=slug)
        return event

    def render_form(self, form, *, status=200, extras=None):
        # The directory is searched (OrganisationSearchView), never listed:
        # shown again is only the organisation picked before an error.
        chosen = getattr(form, "cleaned_data", {}).get("organisation")
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "event": self.event,
                "form": form,
                "is_open": not self.closed_message,
                "closed_message": self.closed_message,
                "charter_version": self.event.charter.current_version
                if self.event.charter_id
                else None,
                "organisation_query": form.data.get("organisation_search", ""),
                "chosen_organisations": [chosen] if chosen else [],
                "chosen_organisation_id": chosen.pk if chosen else None,
                # Other apps' parts of the form (core.extensions).
                "extra_forms": extras or registration_extra_forms(self.event),
            },
            status=status,
        )

    @functools.cached_property
    def closed_message(self):
        return registration_closed_message(self.event)

    def annotated_form(self, data=None):
        parts = parts_with_seats(event=self.event)
        return RegistrationForm(
            data, event=self.event, parts=parts, consent_text=self.consent_text
        )

    @functools.cached_property
    def consent_text(self):
        return consent_in_force(ConsentText.Purpose.REGISTRATION)

    def checked_form(self, data):
        """A form to show again with its errors (its own copy of the fields)."""
        form = self.annotated_form(data)
        form.is_valid()
        return form

    def get(self, request, *args, **kwargs):
        return self.render_form(self.annotated_form())

    def post(self, request, *args, **kwargs):
        extras = registration_extra_forms(self.event, request.POST)
        if request.limited:
            form = self.checked_form(request.POST)
            form.add_error(None, LIMITED_MESSAGE)
            return self.render_form(form, status=429, extras=extras)
        if self.closed_message:
            form = self.checked_form(request.POST)
            form.add_error(None, self.closed_message)
            return self.render_form(form, status=409, extras=extras)
        # Validating needs the parts, not their seat counts: those are counted
        # by the service under a lock, and for the labels of a re-rendered form.
        # This form is never rendered, so it shares its fields.
        form = RegistrationForm(
            request.POST, event=self.event, parts=self.parts, share_fields=True
        )
        extras_valid = all([extra.is_valid() for extra in extras])
        if not form.is_valid() or not extras_valid:
            return self.render_form(
                self.checked_form(request.POST), status=422, extras=extras
            )
        if form.shown_another_consent_text(self.consent_text):
            # A new text was published while the form was open: the person
            # reads it and ticks again, then the new version is recorded.
            form = tick_again(
                form, in_force=self.consent_text, build=self.annotated_form
            )
            return self.render_form(form, status=409, extras=extras)
        data = {**form.cleaned_data, "language": (get_language() or "fr")[:10]}
        try:
            # One transaction with the other apps' parts, only when there are.
            with transaction.atomic() if extras else nullcontext():
                registration = register_participant(
                    event=self.event,
                    data=data,
                    parts=form.cleaned_data.get("parts") or (),
                    consent=form.cleaned_data["consent"],
                    consent_text=self.consent_text,
                    accept_charter=form.cleaned_data.get("accept_charter", False),
                )
                for extra in extras:
                    extra.save(registration=registration)
        except RegistrationError as error:
            form = self.checked_form(request.POST)
            form.add_error(
                error.field if error.field in form.fields else None, error.message
            )
            return self.render_form(
                form, status=409 if error.code else 422, extras=extras
            )
        return HttpResponseRedirect(_done_url(self.event.slug, registration.token))


_TOKEN_MARK = str(uuid.UUID(int=0))


def _done_url(slug: str, token: uuid.UUID) -> str:
    """The confirmation page's address: reversed once per event, then given
    the token."""
    return reverse_cached(
        "events:public_registration_done", slug=slug, token=_TOKEN_MARK
    ).replace(_TOKEN_MARK, str(token))


# Phones at a venue often share one address: generous, still bounded.
@method_decorator(
    ratelimit(key="ip", rate=setting_rate("EVENTS_SEARCH_RATE_PER_IP"), block=True),
    name="get",
)
class OrganisationSearchView(PublicEventMixin, View):
    """``/e/<slug>/inscription/structures/``: the directory's organisations
    matching what a registrant types, as radio buttons (htmx, phone-first).

    At most ``limit`` active organisations; accents, case and hyphens are
    ignored (``OrganisationQuerySet.search``).
    """

    limit = 8

    def get(self, request, *args, **kwargs):
        query = request.GET.get("organisation_search", "").strip()[:100]
        organisations = []
        if len(query) < 2:
            query = ""  # too short to search: no "nothing matches" either
        else:
            organisations = list(
                Organisation.objects.active()
                .search(query)
                .only("name", "acronym", "commune")
                .order_by("sort_name", "pk")[: self.limit]
            )
        return render(
            request,
            "events/public/_organisation_choices.html",
            {"organisations": organisations, "query": query, "selected": None},
        )


class RegistrationDoneView(PublicAreaMixin, TemplateView):
    template_name = "events/public/registration_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = get_object_or_404(
            Registration.objects.select_related("event").prefetch_related(
                "part_choices__part"
            ),
            token=kwargs["token"],
            event__slug=kwargs["slug"],
        )
        context["registration"] = registration
        context["event"] = registration.event
        return context


class RegistrationCancelView(PublicAreaMixin, View):
    """The link from the confirmation e-mail: confirm, then cancel."""

    template_name = "events/public/registration_cancel.html"

    def get_registration(self):
        return get_object_or_404(
            Registration.objects.select_related("event"), token=self.kwargs["token"]
        )

    def render_page(self, registration, *, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "registration": registration,
                "event": registration.event,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_registration())

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        try:
            cancel_registration(registration=registration)
        except RegistrationError:
            registration.refresh_from_db()
            return self.render_page(registration)
        messages.success(
            request,
            _("Your registration is cancelled. Thank you for letting us know."),
        )
        registration.refresh_from_db()
        return self.render_page(registration)
