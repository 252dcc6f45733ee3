"""Ateliers' syntheses: the rapporteur's page (secret link, no account), the
coordinators' edit page (link, QR code, e-mail) and the plenary restitution."""

import io

import segno
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.views import OrganiserAreaMixin, PublicAreaMixin

from ..forms_syntheses import SynthesisForm
from ..models import WorkshopSynthesis
from ..syntheses import (
    event_syntheses,
    save_synthesis,
    send_rapporteur_link,
    synthesis_for,
)
from .organiser import EventWorkshopMixin

T = "workshops/syntheses/"


def link_url(request, synthesis) -> str:
    return request.build_absolute_uri(synthesis.get_public_url())


class SynthesisPublicView(PublicAreaMixin, View):
    """The rapporteur writes the synthesis from a phone: the link is the door."""

    template_name = T + "synthesis_public.html"

    def dispatch(self, request, *args, **kwargs):
        self.synthesis = get_object_or_404(
            WorkshopSynthesis.objects.select_related("workshop__event"),
            token=kwargs["token"],
        )
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "synthesis": self.synthesis,
                "workshop": self.synthesis.workshop,
                "layout_template": self.layout_template,
            },
        )

    def get(self, request, *args, **kwargs):
        return self.page(SynthesisForm(instance=self.synthesis))

    def post(self, request, *args, **kwargs):
        form = SynthesisForm(request.POST, instance=self.synthesis)
        if not form.is_valid():
            return self.page(form)
        save_synthesis(
            synthesis=self.synthesis,
            data=form.cleaned_data,
            submission_key=form.cleaned_data["submission_key"],
        )
        messages.success(
            request,
            _(
                "Thank you: the synthesis was saved. You may come back to it with the same link."
            ),
        )
        return redirect(self.synthesis.get_public_url())


class SynthesisMixin(OrganiserAreaMixin, EventWorkshopMixin):
    def get_synthesis(self) -> WorkshopSynthesis:
        workshop = get_object_or_404(
            self.event.workshops.select_related("rapporteur"),
            pk=self.kwargs["workshop"],
        )
        synthesis = synthesis_for(workshop)
        synthesis.workshop = workshop
        return synthesis


class SynthesisUpdateView(SynthesisMixin, View):
    """A coordinator writes or corrects the synthesis; shares the link."""

    template_name = T + "synthesis_form.html"

    def show(self, synthesis, form):
        return self.page(
            self.template_name,
            form=form,
            synthesis=synthesis,
            workshop=synthesis.workshop,
            link=link_url(self.request, synthesis),
        )

    def get(self, request, *args, **kwargs):
        synthesis = self.get_synthesis()
        return self.show(synthesis, SynthesisForm(instance=synthesis))

    def post(self, request, *args, **kwargs):
        synthesis = self.get_synthesis()
        form = SynthesisForm(request.POST, instance=synthesis)
        if not form.is_valid():
            return self.show(self.get_synthesis(), form)
        save_synthesis(
            synthesis=synthesis,
            data=form.cleaned_data,
            by=request.user,
            submission_key=form.cleaned_data["submission_key"],
        )
        messages.success(request, _("The synthesis was saved."))
        return redirect(self.event_url())


class SynthesisSendLinkView(SynthesisMixin, View):
    """(Re)sends the rapporteur's link by e-mail, through the outbox."""

    def post(self, request, *args, **kwargs):
        synthesis = self.get_synthesis()
        if send_rapporteur_link(synthesis=synthesis, link=link_url(request, synthesis)):
            messages.success(
                request,
                _("The link is being sent to %(email)s.")
                % {"email": synthesis.workshop.rapporteur.email},
            )
        else:
            messages.error(
                request,
                _(
                    "The rapporteur has no e-mail address: copy the link or show "
                    "the QR code instead."
                ),
            )
        return redirect(
            "workshops:orga_synthesis_update",
            pk=self.event.pk,
            workshop=synthesis.workshop.pk,
        )


class SynthesisQrCodeView(SynthesisMixin, View):
    def get(self, request, *args, **kwargs):
        synthesis = self.get_synthesis()
        buffer = io.BytesIO()
        segno.make(link_url(request, synthesis), error="m").save(
            buffer, kind="svg", scale=8, border=2, title=synthesis.workshop.title
        )
        return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


class RestitutionView(OrganiserAreaMixin, EventWorkshopMixin, TemplateView):
    """The plenary: one synthesis a slide, full screen, for a projector."""

    template_name = T + "restitution.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        syntheses = event_syntheses(self.event)
        context.update(
            syntheses=syntheses,
            workshop_count=self.event.workshops.aggregate(n=Count("pk"))["n"],
            back_url=reverse("workshops:orga_event_workshops", args=[self.event.pk]),
        )
        return context


E = "ateliers/<int:pk>/"

urlpatterns = [
    path(
        "ateliers/synthese/<slug:token>/",
        SynthesisPublicView.as_view(),
        name="synthesis_public",
    ),
    path(
        E + "<int:workshop>/synthese/",
        SynthesisUpdateView.as_view(),
        name="orga_synthesis_update",
    ),
    path(
        E + "<int:workshop>/synthese/envoyer/",
        SynthesisSendLinkView.as_view(),
        name="orga_synthesis_send",
    ),
    path(
        E + "<int:workshop>/synthese/qr.svg",
        SynthesisQrCodeView.as_view(),
        name="orga_synthesis_qr",
    ),
    path(E + "restitution/", RestitutionView.as_view(), name="orga_restitution"),
]
