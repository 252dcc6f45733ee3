"""Partner and funder accounts, as coordinators make and keep them.

A partner account belongs to the organisations it keeps up to date; a funder
account to the organisation that funds (``Organisation.users``); the role is
the Django group of its name (``core.models.Role``). Coordinators manage
those accounts only: coordinators', staff and superusers' accounts stay in
the admin. An account is never deleted here (its history would be lost):
it is deactivated, and can be reactivated.

A new account has no password: it receives by e-mail (through the outbox)
a link to choose one, Django's password reset link, valid
``PASSWORD_RESET_TIMEOUT`` seconds; a coordinator can send it again.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation
from partners.widgets import OrganisationMultiplePicker, OrganisationPicker

from .fields import ModelChoiceField, ModelForm, ModelMultipleChoiceField
from .mail import queue_mail
from .models import OutboundMail, Role, User

logger = logging.getLogger(__name__)

MANAGED_ROLES = (Role.PARTNER, Role.FUNDER)


def managed_accounts():
    """The accounts coordinators manage: neither staff, superuser nor
    coordinator."""
    return User.objects.filter(is_superuser=False, is_staff=False).exclude(
        groups__name=Role.COORDINATOR
    )


def account_list(*, search: str = "", role: str = "", status: str = ""):
    accounts = managed_accounts()
    for word in search.split():
        accounts = accounts.filter(
            Q(username__icontains=word)
            | Q(email__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(
                pk__in=Organisation.users.through.objects.filter(
                    organisation__in=Organisation.objects.search(word)
                ).values("user_id")
            )
        )
    if role in MANAGED_ROLES:
        accounts = accounts.filter(groups__name=role)
    elif role == "none":
        accounts = accounts.exclude(groups__name__in=MANAGED_ROLES)
    if status == "active":
        accounts = accounts.filter(is_active=True)
    elif status == "inactive":
        accounts = accounts.filter(is_active=False)
    return accounts.order_by(
        Lower("last_name"), Lower("first_name"), "pk"
    ).prefetch_related(
        Prefetch("groups", queryset=Group.objects.only("pk", "name")),
        Prefetch(
            "organisations",
            queryset=Organisation.objects.only("pk", "name", "acronym"),
        ),
    )


def role_of(user) -> str:
    names = {group.name for group in user.groups.all()}
    for role in MANAGED_ROLES:
        if role in names:
            return role
    return ""


class AccountForm(ModelForm):
    """E-mail (the sign-in identifier), name, and the role with its
    organisations: one or several for a partner, the funder for a funder."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role.value, role.label) for role in MANAGED_ROLES],
        widget=forms.RadioSelect,
    )
    organisations = ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=OrganisationMultiplePicker,
        help_text=_("The organisations whose entry this partner keeps up to date."),
    )
    funder = ModelChoiceField(
        label=_("Funder"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=OrganisationPicker,
        help_text=_("The organisation (foundation, local authority…) that funds."),
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].label = _("E-mail")
        self.fields["email"].help_text = _("It is also the sign-in identifier.")
        user = self.instance
        if user.pk is not None and not self.is_bound:
            role = role_of(user)
            organisations = list(user.organisations.all())
            self.initial["role"] = role
            if role == Role.PARTNER:
                self.initial["organisations"] = [o.pk for o in organisations]
            elif role == Role.FUNDER and organisations:
                self.initial["funder"] = organisations[0].pk

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if len(email) > User._meta.get_field("username").max_length:
            raise forms.ValidationError(
                _("This e-mail is too long to be a sign-in identifier."),
                code="too_long",
            )
        taken = (
            User.objects.exclude(pk=self.instance.pk)
            .filter(Q(email__iexact=email) | Q(username__iexact=email))
            .exists()
        )
        if taken:
            raise forms.ValidationError(
                _("An account already uses this e-mail."), code="taken"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Role.PARTNER and not cleaned.get("organisations"):
            self.add_error(
                "organisations",
                forms.ValidationError(
                    _("Choose the partner's organisation."), code="required"
                ),
            )
        if role == Role.FUNDER and not cleaned.get("funder"):
            self.add_error(
                "funder",
                forms.ValidationError(_("Choose the funder."), code="required"),
            )
        return cleaned


class NewAccountForm(AccountForm):
    send_link = forms.BooleanField(
        label=_("Send now the link to choose a password"),
        required=False,
        initial=True,
    )


@transaction.atomic
def save_account(*, form: AccountForm, by) -> User:
    """Write the account, its role and its organisations in one go."""
    user = form.instance
    email = form.cleaned_data["email"]
    if user.pk is None:
        user.username = email
        user.set_unusable_password()
    else:
        previous = User.objects.only("email", "username").get(pk=user.pk)
        # An identifier that was the e-mail follows it.
        if previous.username.casefold() == previous.email.casefold():
            user.username = email
    user = form.save()
    role = form.cleaned_data["role"]
    others = user.groups.exclude(name__in=MANAGED_ROLES)
    user.groups.set([*others, Group.objects.get_or_create(name=role)[0]])
    if role == Role.PARTNER:
        user.organisations.set(form.cleaned_data["organisations"])
    else:
        user.organisations.set([form.cleaned_data["funder"]])
    if isinstance(form, NewAccountForm) and form.cleaned_data.get("send_link"):
        send_password_link(user=user, by=by)
    return user


def set_active(*, user: User, active: bool, by) -> bool:
    """Deactivate (signing in and open sessions refused, history kept) or
    reactivate; ``False`` when it already was."""
    changed = (
        managed_accounts()
        .filter(pk=user.pk, is_active=not active)
        .update(is_active=active)
    )
    if changed:
        logger.info(
            "Account %s %s by user %s.",
            user.pk,
            "reactivated" if active else "deactivated",
            getattr(by, "pk", None),
        )
    return bool(changed)


def password_link(user: User) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def send_password_link(*, user: User, by) -> OutboundMail:
    """The e-mail with the link to choose a password, in the outbox."""
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "link": password_link(user),
            "days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        subject = render_to_string("core/accounts/email/password_link_subject.txt")
        body = render_to_string("core/accounts/email/password_link_body.txt", context)
    return queue_mail(
        to=user.email,
        subject="".join(subject.splitlines()),
        body=body,
        language=language,
        kind="core.account_password_link",
    )
