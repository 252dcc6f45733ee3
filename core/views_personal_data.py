"""Personal data (RGPD): the public notice with the register of processing
activities, and the coordinators' page to export or erase a person's data."""

import json
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from . import fields as bounded
from .consent import ConsentError, consent_in_force, publish_consent_text
from .models import ConsentText, PersonalDataAccess, Role
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
        context["consent_texts"] = [
            consent_in_force(purpose) for purpose in ConsentText.Purpose.values
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


class JournalFilterForm(forms.Form):
    """The journal's filters: ids and dates only, so that no name or address
    ends up in an address bar or a server log."""

    user = bounded.ModelChoiceField(
        label=gettext_lazy("By"), queryset=None, required=False
    )
    person = bounded.ModelChoiceField(
        label=gettext_lazy("Directory entry"),
        queryset=None,
        required=False,
        widget=forms.HiddenInput,
    )
    start = bounded.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = bounded.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        from partners.models import Person

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name=Role.COORDINATOR))
            .distinct()
            .order_by("username")
        )
        self.fields["person"].queryset = Person.objects.only(
            "first_name", "last_name", "email"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


JOURNAL_KINDS = {
    "person": gettext_lazy("directory entry"),
    "membership": gettext_lazy("membership"),
    "registration": gettext_lazy("registration"),
    "access": gettext_lazy("access"),
}


def journal_entries(*, user=None, person=None, start=None, end=None):
    """Every audit entry, newest first, as one query (a union): the history
    of people, memberships and registrations, and the recorded accesses.
    Each row: at, user id, kind, action, object id, what."""
    from django.db.models import CharField, F, IntegerField, Value
    from django.db.models.functions import Concat

    from events.models import Registration
    from partners.models import Membership, Person

    def columns(queryset, *, at, user_field, kind, action, object_id, what):
        filters = Q()
        if user is not None:
            filters &= Q(**{user_field: user.pk})
        if start:
            filters &= Q(**{f"{at}__date__gte": start})
        if end:
            filters &= Q(**{f"{at}__date__lte": end})
        return (
            queryset.filter(filters)
            .annotate(
                j_at=F(at),
                j_user=F(user_field),
                j_kind=Value(kind, output_field=CharField()),
                j_action=action,
                j_object=object_id,
                j_what=what,
            )
            .values_list("j_at", "j_user", "j_kind", "j_action", "j_object", "j_what")
            .order_by()
        )

    people = Person.history.all()
    memberships = Membership.history.all()
    registrations = Registration.history.all()
    accesses = PersonalDataAccess.objects.all()
    if person is not None:
        email = person.email.strip()
        people = people.filter(id=person.pk)
        memberships = memberships.filter(person_id=person.pk)
        if email:
            registrations = registrations.filter(email__iexact=email)
            accesses = accesses.filter(email__iexact=email)
        else:
            registrations = registrations.none()
            accesses = accesses.none()
    name = Concat(F("first_name"), Value(" "), F("last_name"), output_field=CharField())
    history = {"at": "history_date", "user_field": "history_user_id"}
    parts = [
        columns(
            people,
            **history,
            kind="person",
            action=F("history_type"),
            object_id=F("id"),
            what=name,
        ),
        columns(
            memberships,
            **history,
            kind="membership",
            action=F("history_type"),
            object_id=F("person_id"),
            what=Concat(
                F("person__first_name"),
                Value(" "),
                F("person__last_name"),
                Value(" — "),
                F("organisation__name"),
                output_field=CharField(),
            ),
        ),
        columns(
            registrations,
            **history,
            kind="registration",
            action=F("history_type"),
            object_id=F("id"),
            what=name,
        ),
        columns(
            accesses,
            at="at",
            user_field="user_id",
            kind="access",
            action=F("action"),
            object_id=Value(None, output_field=IntegerField()),
            what=F("email"),
        ),
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-j_at", "-j_object")


class PersonalDataJournalView(OrganiserAreaMixin, TemplateView):
    """``/donnees-personnelles/journal/``: who created, changed, read,
    exported or anonymised personal data, and when; filtered by user, by
    directory entry, by dates; fifty a page."""

    template_name = "core/personal_data/journal.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = JournalFilterForm(self.request.GET or None)
        filters = {}
        if form.is_bound and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v}
        elif not form.is_bound:
            form = JournalFilterForm()
        page = Paginator(journal_entries(**filters), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        rows = list(page.object_list)
        users = {
            user.pk: user
            for user in get_user_model().objects.filter(
                pk__in={row[1] for row in rows if row[1]}
            )
        }
        actions = {
            **{key: str(label) for key, label in _history_labels().items()},
            **{key: str(label) for key, label in PersonalDataAccess.Action.choices},
        }
        context["entries"] = [
            {
                "at": at,
                "by": users.get(user_id),
                "kind": JOURNAL_KINDS[kind],
                "action": actions.get(action, action),
                "person_id": object_id if kind in ("person", "membership") else None,
                "number": object_id if kind in ("person", "registration") else None,
                "what": what,
            }
            for at, user_id, kind, action, object_id, what in rows
        ]
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page_obj=page,
            query_string=query.urlencode(),
            person=filters.get("person"),
        )
        return context


def _history_labels():
    return {
        "+": gettext_lazy("created"),
        "~": gettext_lazy("changed"),
        "-": gettext_lazy("deleted"),
    }


class ConsentTextForm(forms.Form):
    purpose = forms.ChoiceField(
        label=gettext_lazy("Consent"), choices=ConsentText.Purpose.choices
    )
    version = forms.CharField(
        label=gettext_lazy("Version"),
        max_length=40,
        help_text=gettext_lazy("For example 2 or 2026-09: a label not used before."),
    )
    text = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Shown beside the checkbox. Consents already given keep the "
            "version they accepted."
        ),
    )


class ConsentTextView(OrganiserAreaMixin, View):
    """``/donnees-personnelles/consentements/``: the versions of each
    consent text, and a form to put a new one in force (a published
    version is never edited)."""

    template_name = "core/personal_data/consent_texts.html"

    def page(self, form):
        in_force = {consent_in_force(p).pk for p in ConsentText.Purpose.values}
        texts = ConsentText.objects.select_related("published_by").annotate(
            accepted=Count("registrations")
        )
        return render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "form": form,
                "texts": texts,
                "in_force": in_force,
            },
        )

    def get(self, request):
        return self.page(ConsentTextForm())

    def post(self, request):
        form = ConsentTextForm(request.POST)
        if form.is_valid():
            try:
                text = publish_consent_text(by=request.user, **form.cleaned_data)
            except ConsentError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(
                    request,
                    _("Version %(version)s is in force from now on.")
                    % {"version": text.version},
                )
                return redirect("core:orga_consent_texts")
        return self.page(form)
