"""Filters of the printed directory (the aide-mémoire)."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_BREAK_AFTER = re.compile(r"([@./_])")


@register.filter
def breakable(value) -> str:
    """An e-mail or a site address that may wrap after its punctuation
    (``<wbr>``), so that a narrow column never cuts a word elsewhere."""
    text = conditional_escape(str(value or ""))
    return mark_safe(_BREAK_AFTER.sub(r"\1<wbr>", text))  # noqa: S308 - escaped above


@register.filter
def site(value) -> str:
    """A site's address as people read it: without ``https://`` nor the
    final slash."""
    return re.sub(r"^https?://(www\.)?", "", str(value or ""), flags=re.I).rstrip("/")


@register.filter
def coordinates(organisation) -> str:
    """An entry's address, phone, e-mail and site on one line, joined by
    " · " (what is missing leaves no separator); e-mail and site breakable."""
    place = " ".join(
        part for part in (organisation.postal_code, organisation.commune) if part
    )
    if organisation.address:
        place = f"{organisation.address}, {place}" if place else organisation.address
    parts = [conditional_escape(part) for part in (place, organisation.phone) if part]
    parts += [breakable(organisation.email)] if organisation.email else []
    if organisation.website:
        parts.append(breakable(site(organisation.website)))
    return mark_safe(" · ".join(parts))  # noqa: S308 - each part escaped above
