from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core.signin import LoginCodeView, LoginView, PasswordChangeView
from core.views import HealthView
from core.views_mail import PasswordResetView

urlpatterns = [
    path("healthz", HealthView.as_view(), name="healthz"),
    # The admin's sign-in is the same throttled page (it sends staff back).
    path("admin/login/", LoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    # Its e-mail goes through the outbox; the rest is Django's.
    path(
        "accounts/password_reset/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    # Sign-in slowed down after repeated failures (core/signin.py).
    path("accounts/login/", LoginView.as_view(), name="login"),
    # Its second step, for those who set up a second factor.
    path("accounts/login/code/", LoginCodeView.as_view(), name="login_code"),
    # Asked the code first by a session opened before the second factor.
    path(
        "accounts/password_change/",
        PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Each app's urls.py holds its whole paths: back-office pages under their
    # French prefix, public pages at the short contract addresses (/e/, /q/).
    # The apps with public pages come first, their public patterns at the
    # top: what phones post to resolves in a few tries.
    path("", include("events.urls")),
    path("", include("evaluations.urls")),
    path("", include("partners.urls")),
    path("", include("workshops.urls")),
    path("", include("reports.urls")),
    path("", include("core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
