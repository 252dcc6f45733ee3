"""The coordinators' charter pages: list, create, a charter's versions, a
new version, a version's wording while nobody has accepted it, delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin

from ..forms_charters import CharterForm, CharterVersionForm
from ..models import Charter, CharterVersion
from ..services.charters import (
    create_charter,
    delete_charter,
    publish_charter_version,
    refuse_if_accepted,
    update_charter,
    update_charter_version,
)


class CharterMixin(OrganiserAreaMixin):
    permission_required = "events.change_charter"

    def get_charter(self) -> Charter:
        return get_object_or_404(Charter, pk=self.kwargs["pk"])

    def show(self, template, context, status=200):
        return render(
            self.request,
            f"events/organiser/{template}",
            {"layout_template": self.layout_template, **context},
            status=status,
        )


class CharterListView(CharterMixin, ListView):
    template_name = "events/organiser/charter_list.html"
    context_object_name = "charters"
    paginate_by = 25

    def get_queryset(self):
        return Charter.objects.annotate(
            version_count=Count("versions", distinct=True),
            last_version=Max("versions__number"),
            event_count=Count("events", distinct=True),
        ).order_by("title", "pk")


class CharterDetailView(CharterMixin, View):
    def get(self, request, *args, **kwargs):
        return self.render_charter(self.get_charter(), CharterVersionForm())

    def render_charter(self, charter, form, status=200):
        versions = charter.versions.annotate(
            acceptance_count=Count("acceptances")
        ).order_by("-number")
        return self.show(
            "charter_detail.html",
            {
                "charter": charter,
                "versions": versions,
                "events": charter.events.order_by("-starts_at", "pk")[:20],
                "form": form,
            },
            status=status,
        )


class CharterFormView(CharterMixin, View):
    """Create a charter (with its first version), or rename one."""

    def get_instance(self):
        return self.get_charter() if "pk" in self.kwargs else None

    def get(self, request, *args, **kwargs):
        return self.render_form(CharterForm(instance=self.get_instance()))

    def render_form(self, form, status=200):
        return self.show(
            "charter_form.html",
            {"form": form, "charter": form.instance if form.instance.pk else None},
            status=status,
        )

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = CharterForm(request.POST, instance=instance)
        if not form.is_valid():
            return self.render_form(form, status=400)
        data = {name: form.cleaned_data[name] for name in ("title", "slug")}
        if instance:
            charter = update_charter(charter=instance, data=data, by=request.user)
            messages.success(request, _("The changes were saved."))
        else:
            charter = create_charter(
                data=data, text=form.cleaned_data["text"], by=request.user
            )
            messages.success(request, _("The charter was created."))
        return redirect("events:orga_charter_detail", charter.pk)


class CharterVersionAddView(CharterMixin, View):
    def post(self, request, *args, **kwargs):
        charter = self.get_charter()
        form = CharterVersionForm(request.POST)
        if not form.is_valid():
            return CharterDetailView.render_charter(self, charter, form, status=400)
        version = publish_charter_version(
            charter=charter, text=form.cleaned_data["text"], by=request.user
        )
        messages.success(
            request,
            _("Version %(number)s was published.") % {"number": version.number},
        )
        return redirect("events:orga_charter_detail", charter.pk)


class CharterVersionUpdateView(CharterMixin, View):
    """Correct the wording of a version nobody has accepted yet."""

    def get_version(self) -> CharterVersion:
        return get_object_or_404(
            CharterVersion.objects.select_related("charter"),
            pk=self.kwargs["version"],
            charter_id=self.kwargs["pk"],
        )

    def refused(self, error):
        messages.error(self.request, error.messages[0])
        return redirect("events:orga_charter_detail", self.kwargs["pk"])

    def render_form(self, version, form, status=200):
        return self.show(
            "charter_version_form.html",
            {"version": version, "charter": version.charter, "form": form},
            status=status,
        )

    def get(self, request, *args, **kwargs):
        version = self.get_version()
        try:
            refuse_if_accepted(version)
        except ValidationError as error:
            return self.refused(error)
        return self.render_form(
            version, CharterVersionForm(initial={"text": version.text})
        )

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        form = CharterVersionForm(request.POST)
        if not form.is_valid():
            return self.render_form(version, form, status=400)
        try:
            update_charter_version(
                version=version, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("The changes were saved."))
        return redirect("events:orga_charter_detail", self.kwargs["pk"])


class CharterDeleteView(ConfirmDeleteMixin, CharterMixin, View):
    success_message = gettext_lazy("The charter was deleted.")

    def get_delete_object(self):
        return self.get_charter()

    def delete(self, obj):
        delete_charter(charter=obj, by=self.request.user)

    def get_success_url(self):
        return reverse("events:orga_charter_list")

    def get_cancel_url(self):
        return reverse("events:orga_charter_detail", args=[self.kwargs["pk"]])
