"""The outbox as coordinators see it (``/courriels/``), and the password
reset e-mail sent through it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from .mail import queue_mail, retry_mail
from .models import OutboundMail
from .views import OrganiserAreaMixin


class OutboundMailListView(OrganiserAreaMixin, ListView):
    template_name = "core/organiser/outboundmail_list.html"
    context_object_name = "mails"
    paginate_by = 50

    def get_status(self) -> str:
        status = self.request.GET.get("status", "")
        return status if status in OutboundMail.Status.values else ""

    def get_queryset(self):
        mails = OutboundMail.objects.defer("body", "attachments")
        if status := self.get_status():
            mails = mails.filter(status=status)
        return mails

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.get_status()
        context["status"] = status
        context["statuses"] = OutboundMail.Status.choices
        context["query_string"] = f"status={status}" if status else ""
        return context


class OutboundMailRetryView(OrganiserAreaMixin, View):
    def post(self, request, pk):
        mail = get_object_or_404(OutboundMail.objects.only("pk", "to"), pk=pk)
        if retry_mail(mail=mail, by=request.user):
            messages.success(
                request,
                _("The e-mail to %(to)s will be sent again.") % {"to": mail.to},
            )
        else:
            messages.warning(request, _("This e-mail is no longer in failure."))
        url = reverse("core:orga_mail_list")
        # Back to the list as it was filtered.
        if (status := request.POST.get("status")) in OutboundMail.Status.values:
            url += f"?status={status}"
        return redirect(url)


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's form, its e-mail put in the outbox instead of sent by the
    request (which waited for the mail server, and lost the message when
    it was down)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = render_to_string(subject_template_name, context)
        queue_mail(
            to=to_email,
            subject="".join(subject.splitlines()),
            body=render_to_string(email_template_name, context),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            kind="core.password_reset",
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
