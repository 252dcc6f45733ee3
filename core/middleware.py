"""Refuse junk that no form sees (STYLE §12).

Forms refuse a NUL byte in a text field, but searches, filters, htmx
fragments and URL parts reach queries without a form, and PostgreSQL
refuses a NUL byte in a string (``DataError``: a 500). An id in the URL is
an ``<int:…>``, but 40 digits overflow SQLite's integers in a query on a
foreign key. This middleware answers such requests before any view runs:
400 "Requête invalide" for a NUL byte, 404 for an id no row can have.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .fields import ID_MAX, ID_MIN

NUL = "\x00"


def _has_nul(query_dict) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values)
        for key, values in query_dict.lists()
    )


def bad_request(request, message):
    return render(request, "400.html", {"message": message}, status=400)


class JunkRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _has_nul(request.GET):
            return bad_request(
                request, _("The address contains a forbidden character.")
            )
        if request.method == "POST" and _has_nul(request.POST):
            return bad_request(request, _("The form contains a forbidden character."))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not ID_MIN <= value <= ID_MAX:
                raise Http404
        return None
