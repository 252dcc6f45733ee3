"""``reverse`` remembered, for the public hot paths.

Reversing an address took about a twentieth of a registration's or an
answer's time in Python (bench/). An address depends only on the view, its
arguments and the script prefix the site is served under, so it is kept per
script prefix.
"""

import functools

from django.urls import get_script_prefix, reverse


@functools.lru_cache(maxsize=1024)
def _reverse(script_prefix: str, viewname: str, kwargs: tuple) -> str:
    return reverse(viewname, kwargs=dict(kwargs))


def reverse_cached(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, computed once per script prefix."""
    return _reverse(get_script_prefix(), viewname, tuple(sorted(kwargs.items())))
