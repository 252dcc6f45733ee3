"""The project's URLs plus the baseline view used by the benchmarks."""

import uuid

from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils import timezone

from config.urls import urlpatterns as project_urlpatterns


def baseline(request):
    """A bare Django view that inserts one row (the benchmarks' yardstick)."""
    if request.method == "POST":
        Session.objects.create(
            session_key=uuid.uuid4().hex,
            session_data=request.POST.get("n", ""),
            expire_date=timezone.now(),
        )
        return HttpResponse("ok", status=201)
    return HttpResponse(get_token(request))


urlpatterns = [path("bench/baseline/", baseline), *project_urlpatterns]
