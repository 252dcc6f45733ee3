"""Personal data (RGPD): the public notice with the register of processing
activities, and the coordinators' page to export or erase a person's data."""

import json
import logging

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from .models import PersonalDataAccess
from .personal_data import (
    audit_trail,
    erase_person,
    export_person_data,
    processing_register,
    record_access,
    records_found,
)
from .spreadsheets import csv_bytes
from .views import OrganiserAreaMixin, PublicAreaMixin

logger = logging.getLogger(__name__)

REGISTER_COLUMNS = [
    ("name", gettext_lazy("Processing")),
    ("purpose", gettext_lazy("Purpose")),
    ("legal_basis", gettext_lazy("Legal basis")),
    ("people", gettext_lazy("People concerned")),
    ("data", gettext_lazy("Data")),
    ("recipients", gettext_lazy("Recipients")),
    ("retention", gettext_lazy("Retention")),
]


class PrivacyNoticeView(PublicAreaMixin, TemplateView):
    """``/donnees-personnelles/``: what the platform keeps, why, how long,
    and how to exercise one's rights."""

    template_name = "core/personal_data/notice.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = REGISTER_COLUMNS
        context["register"] = [
            [str(getattr(p, key)) for key, _label in REGISTER_COLUMNS]
            for p in processing_register()
        ]
        return context


class ProcessingRegisterCsvView(View):
    """The register of processing activities as a spreadsheet."""

    def get(self, request):
        rows = [[str(label) for _key, label in REGISTER_COLUMNS]] + [
            [str(getattr(p, key)) for key, _label in REGISTER_COLUMNS]
            for p in processing_register()
        ]
        response = HttpResponse(csv_bytes(rows), content_type="text/csv")
        response["Content-Disposition"] = (
            'attachment; filename="registre-des-traitements.csv"'
        )
        return response


class PersonEmailForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("The person's e-mail address"),
        help_text=gettext_lazy(
            "Directory entries, registrations, answers and e-mails with this "
            "address are found."
        ),
    )


class PersonalDataView(OrganiserAreaMixin, View):
    """``/donnees-personnelles/personne/``: find a person by e-mail, read
    their data, download it as JSON, and anonymise it after seeing exactly
    what would change. Everything is posted, so addresses stay out of the
    server's access logs."""

    template_name = "core/personal_data/person.html"

    def get(self, request):
        return self.page(PersonEmailForm())

    def page(self, form, **context):
        context = {"form": form, "layout_template": self.layout_template, **context}
        return render(self.request, self.template_name, context)

    def post(self, request):
        form = PersonEmailForm(request.POST)
        if not form.is_valid():
            return self.page(form)
        email = form.cleaned_data["email"]
        action = request.POST.get("action", "show")
        if action == "download":
            logger.info("personal data of %s exported by %s", email, request.user)
            data = export_person_data(email)
            record_access(
                PersonalDataAccess.Action.DOWNLOADED,
                email,
                by=request.user,
                records=records_found(data),
            )
            body = json.dumps(data, ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json")
            response["Content-Disposition"] = (
                'attachment; filename="donnees-personnelles.json"'
            )
            return response
        if action == "erase":
            erasure = erase_person(email, by=request.user)
            logger.info(
                "personal data of %s erased by %s: %d rows",
                email,
                request.user,
                len(erasure.changes),
            )
            if erasure.changes:
                messages.success(
                    request,
                    _("The person's data was anonymised (%(count)s records).")
                    % {"count": len(erasure.changes)},
                )
            else:
                messages.info(request, _("Nothing was stored with this address."))
            return self.page(PersonEmailForm(), erasure=erasure, erased=email)
        data = export_person_data(email)
        record_access(
            PersonalDataAccess.Action.VIEWED,
            email,
            by=request.user,
            records=records_found(data),
        )
        preview = erase_person(email, dry_run=True)
        # The trail read after this access is recorded, so it shows it.
        data["audit_trail"] = audit_trail(email)
        return self.page(form, data=data, preview=preview, email=email)
