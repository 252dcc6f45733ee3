"""Sign-in, slowed down after repeated failures for one account or one address."""

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _

from .ratelimits import count_login_failure, login_throttled

THROTTLED_MESSAGE = _(
    "Too many failed sign-in attempts for this account or from this network. "
    "Please wait 15 minutes before trying again, or reset your password."
)


class LoginView(auth_views.LoginView):
    """Django's sign-in page; once an account or an address has failed too
    often, every attempt (even with the right password) is refused for a
    while, with the form kept and a French message, status 429."""

    def post(self, request, *args, **kwargs):
        if login_throttled(request):
            # The password is not even checked; the username stays typed.
            form = self.get_form_class()(
                request, initial={"username": request.POST.get("username", "")[:150]}
            )
            context = self.get_context_data(form=form, throttled=THROTTLED_MESSAGE)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        count_login_failure(self.request)
        return super().form_invalid(form)
