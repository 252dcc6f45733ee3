"""The site's URLs, with a stand-in for ``evaluations:funding_detail`` while
the project page (built elsewhere) is not in this branch: the pages tested
here link and redirect to it by name only."""

from django.http import HttpResponse
from django.urls import NoReverseMatch, URLResolver, include, path, reverse

from config.urls import urlpatterns as site_patterns
from evaluations import urls as evaluation_urls


def _has_project_page() -> bool:
    try:
        reverse("evaluations:funding_detail", args=[1], urlconf="config.urls")
    except NoReverseMatch:
        return False
    return True


if _has_project_page():
    urlpatterns = site_patterns
else:
    stand_in = path(
        "financements/<int:pk>/",
        lambda request, pk: HttpResponse(f"Projet {pk}"),
        name="funding_detail",
    )
    urlpatterns = [
        path("", include(([*evaluation_urls.urlpatterns, stand_in], "evaluations"))),
        *(
            pattern
            for pattern in site_patterns
            if not (
                isinstance(pattern, URLResolver) and pattern.namespace == "evaluations"
            )
        ),
    ]
