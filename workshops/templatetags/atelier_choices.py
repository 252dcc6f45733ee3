"""The ateliers' part of a registration's confirmation page (``events``
includes it without knowing the ateliers' models)."""

from django import template

from ..services import choices_may_change, ranked_choices

register = template.Library()


@register.inclusion_tag("workshops/board/_choice_invite.html")
def atelier_choices(registration, event):
    """The registrant's choices with a link to change them while they may,
    or the invitation to choose when the event has ateliers and none is
    chosen yet."""
    choices = ranked_choices(registration)
    has_workshops = bool(choices) or event.workshops.exists()
    return {
        "registration": registration,
        "choices": choices,
        "has_workshops": has_workshops,
        "may_change": has_workshops and choices_may_change(registration),
    }
