"""Template helpers for PDF documents and the "Générer le PDF" button."""

import re

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..charts import horizontal_bar_chart
from ..registry import UnknownKind, get_builder

register = template.Library()

NBSP = "\u00a0"
_BEFORE_PUNCTUATION = re.compile(r"[ \t\u202f\u00a0]*([;:!?])(?=\s|$|[»)\]])")
_QUOTED = re.compile(r"\"([^\"\n]+)\"|“([^”\n]+)”")


def french_typography(text: str) -> str:
    """No-break space before ``; : ! ?`` and « guillemets » for quotes."""
    text = _QUOTED.sub(
        lambda m: f"«{NBSP}{(m.group(1) or m.group(2)).strip()}{NBSP}»", text
    )
    return _BEFORE_PUNCTUATION.sub(lambda m: f"{NBSP}{m.group(1)}", text)


@register.filter(needs_autoescape=True)
def typo(value, autoescape=True):
    """French typography on free text (in French only); escapes the result."""
    if value in (None, ""):
        return ""
    text = str(value)
    if (get_language() or "fr").startswith("fr"):
        text = french_typography(text)
    return conditional_escape(text) if autoescape else mark_safe(text)  # noqa: S308


@register.simple_tag
def bar_chart(rows, title=""):
    """An SVG bar chart drawn on the server (no JavaScript in PDFs)."""
    return horizontal_bar_chart(list(rows), title=title)


@register.simple_tag(takes_context=True)
def report_button(context, kind, obj=None):
    """What the generate button needs: ``allowed``, ``object_id``, ``label``,
    and when refused the builder's ``reason``, if it gives one."""
    request = context.get("request")
    user = getattr(request, "user", None)
    try:
        builder = get_builder(kind)
    except UnknownKind:
        return {"allowed": False}
    if user is None or (obj is None and builder.model):
        return {"allowed": False}
    try:
        if builder.model is None:
            # A document about the network: the scope is a permission (no
            # query). An object was fetched in the user's scope by its page.
            builder.get_object(user, "")
        allowed = bool(builder.can_request(user, obj))
    except ObjectDoesNotExist:
        return {"allowed": False}
    return {
        "allowed": allowed,
        "reason": "" if allowed else builder.refusal_reason(user, obj),
        "kind": kind,
        "object_id": builder.object_id_of(obj),
        "label": builder.label,
    }


@register.simple_tag
def toc_line(entry):
    return format_html(
        '<a href="#{}">{}</a>', entry.get("anchor", ""), entry.get("title", "")
    )
