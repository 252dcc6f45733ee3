"""Django's sign-in backend, loading the signed-in user with whether they set
up a second factor (``user.has_totp_device``, read by
``core.security.has_second_factor``): every signed-in page checks it
(``core.views.SignedInAreaMixin``), in the query that loads the user."""

from django.contrib.auth import backends, get_user_model
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice


def _users():
    devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return get_user_model()._default_manager.annotate(has_totp_device=Exists(devices))


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user = _users().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        user = await _users().filter(pk=user_id).afirst()
        return user if user is not None and self.user_can_authenticate(user) else None
