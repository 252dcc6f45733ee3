"""Refuse junk that no form sees (STYLE §12).

Forms refuse a NUL byte in a text field, but searches, filters, htmx
fragments and URL parts reach queries without a form, and PostgreSQL
refuses a NUL byte in a string (``DataError``: a 500). A filter's id in the
query string (``?part=``) or in the URL (``<int:…>``) of 40 digits overflows
SQLite's integers in a query on a foreign key; a search of 100,000
characters is "too complex" for SQLite's LIKE. This middleware answers such
requests before any view runs: 400 "Requête invalide" for a NUL byte
anywhere, and for a query-string value too long or a number no id can be;
404 for such an id in the URL.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .fields import ID_MAX, ID_MIN, out_of_id_range

NUL = "\x00"
# A search, a filter, an id, a return address: none is longer.
MAX_QUERY_VALUE = 1000


def _has_nul(query_dict) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values)
        for key, values in query_dict.lists()
    )


def _is_junk_query_value(value: str) -> bool:
    return len(value) > MAX_QUERY_VALUE or (value.isdigit() and out_of_id_range(value))


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
        if any(
            _is_junk_query_value(value)
            for _key, values in request.GET.lists()
            for value in values
        ):
            return bad_request(
                request, _("The address contains a value that is too long.")
            )
        if request.method == "POST" and _has_nul(request.POST):
            return bad_request(request, _("The form contains a forbidden character."))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not ID_MIN <= value <= ID_MAX:
                raise Http404
        return None
