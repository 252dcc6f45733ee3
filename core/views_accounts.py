"""Coordinators' screens for partner and funder accounts (``core.accounts``):
list, create, edit, deactivate or reactivate, send the password link."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, ListView, UpdateView

from .accounts import (
    MANAGED_ROLES,
    AccountForm,
    NewAccountForm,
    account_list,
    managed_accounts,
    role_of,
    save_account,
    send_password_link,
    set_active,
)
from .models import Role
from .views import OrganiserAreaMixin

STATUSES = ("active", "inactive")


class AccountListView(OrganiserAreaMixin, ListView):
    template_name = "core/accounts/account_list.html"
    context_object_name = "accounts"
    paginate_by = 50
    http_method_names = ["get", "head", "options"]

    def filters(self) -> dict:
        get = self.request.GET
        role = get.get("role", "")
        status = get.get("status", "")
        return {
            "search": get.get("q", "").strip()[:100],
            "role": role if role in [*MANAGED_ROLES, "none"] else "",
            "status": status if status in STATUSES else "",
        }

    def get_queryset(self):
        return account_list(**self.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters()
        context["filters"] = filters
        context["roles"] = [(role.value, role.label) for role in MANAGED_ROLES]
        context["query_string"] = urlencode(
            {
                "q" if key == "search" else key: value
                for key, value in filters.items()
                if value
            }
        )
        context["filtered"] = any(filters.values())
        for account in context["accounts"]:
            account.role = role_of(account)
        return context


class AccountFormMixin(OrganiserAreaMixin):
    template_name = "core/accounts/account_form.html"

    def form_valid(self, form):
        self.object = save_account(form=form, by=self.request.user)
        messages.success(self.request, self.success_text(form))
        return redirect("core:orga_account_update", pk=self.object.pk)


class AccountCreateView(AccountFormMixin, CreateView):
    form_class = NewAccountForm

    def get_initial(self):
        return {"role": Role.PARTNER}

    def success_text(self, form) -> str:
        if form.cleaned_data.get("send_link"):
            return _(
                "The account of %(email)s is created; the link to choose a "
                "password is on its way."
            ) % {"email": self.object.email}
        return _(
            "The account of %(email)s is created. It cannot sign in until the "
            "link to choose a password is sent."
        ) % {"email": self.object.email}


class AccountUpdateView(AccountFormMixin, UpdateView):
    form_class = AccountForm
    context_object_name = "account"

    def get_queryset(self):
        return managed_accounts()

    def success_text(self, form) -> str:
        return _("The account of %(email)s is saved.") % {"email": self.object.email}


class AccountObjectMixin(OrganiserAreaMixin):
    def get_account(self):
        return get_object_or_404(managed_accounts(), pk=self.kwargs["pk"])

    def back(self):
        return redirect("core:orga_account_update", pk=self.kwargs["pk"])


class AccountDeactivateView(AccountObjectMixin, View):
    """Destructive means confirmed: a page saying what it does, then POST."""

    def get(self, request, pk):
        account = self.get_account()
        if not account.is_active:
            return self.back()
        return render(
            request,
            "core/accounts/account_deactivate.html",
            {"layout_template": self.layout_template, "account": account},
        )

    def post(self, request, pk):
        account = self.get_account()
        if set_active(user=account, active=False, by=request.user):
            messages.success(
                request,
                _("The account of %(email)s is deactivated.")
                % {"email": account.email},
            )
        return self.back()


class AccountReactivateView(AccountObjectMixin, View):
    def post(self, request, pk):
        account = self.get_account()
        if set_active(user=account, active=True, by=request.user):
            messages.success(
                request,
                _("The account of %(email)s can sign in again.")
                % {"email": account.email},
            )
        return self.back()


class AccountSendLinkView(AccountObjectMixin, View):
    def post(self, request, pk):
        account = self.get_account()
        if not account.is_active:
            messages.error(
                request,
                _(
                    "This account is deactivated: reactivate it before sending the link."
                ),
            )
        elif not account.email:
            messages.error(request, _("This account has no e-mail: add one first."))
        else:
            send_password_link(user=account, by=request.user)
            messages.success(
                request,
                _("The link to choose a password is on its way to %(email)s.")
                % {"email": account.email},
            )
        return redirect(reverse("core:orga_account_update", kwargs={"pk": pk}))
