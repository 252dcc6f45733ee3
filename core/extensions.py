"""Extension points that let an app add to another's pages without importing it.

Dependencies run one way (STYLE.md §1): ``events`` never imports
``evaluations``, yet the public programme links to the event's open
questionnaire. ``evaluations`` registers a provider from its
``AppConfig.ready()``; ``events`` asks ``event_public_links(event)``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    description: str = ""


_EVENT_PUBLIC_LINK_PROVIDERS: list[Callable] = []


def register_event_public_links(provider: Callable) -> None:
    """``provider(event) -> list[Link]`` adds links to the event's public page."""
    if provider not in _EVENT_PUBLIC_LINK_PROVIDERS:
        _EVENT_PUBLIC_LINK_PROVIDERS.append(provider)


def event_public_links(event) -> list[Link]:
    links: list[Link] = []
    for provider in _EVENT_PUBLIC_LINK_PROVIDERS:
        links.extend(provider(event))
    return links


# Forms another app adds to the public registration form (e.g. the ateliers'
# choices): ``provider(event, data) -> form | None``. The form renders itself
# (``{{ form }}``, its ``template_name``) and has ``save(registration=...)``,
# called in the registration's transaction once everything is valid.
_REGISTRATION_EXTRA_PROVIDERS: list[Callable] = []


def register_registration_extra(provider: Callable) -> None:
    if provider not in _REGISTRATION_EXTRA_PROVIDERS:
        _REGISTRATION_EXTRA_PROVIDERS.append(provider)


def registration_extra_forms(event, data=None) -> list:
    forms = (provider(event, data) for provider in _REGISTRATION_EXTRA_PROVIDERS)
    return [form for form in forms if form is not None]
