"""A registry of the sections each app shows in the navigation bar.

Apps call ``register_section`` from their ``AppConfig.ready()``, so the base
template never names an app and each role sees only the sections its
permission allows.
"""

from dataclasses import dataclass

import rules
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    permission: str
    order: int = 100
    description: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.key] = section


def sections_for(user) -> list[Section]:
    """The sections ``user`` may open, in display order."""
    if not user.is_authenticated:
        return []
    visible = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        try:
            section.url  # noqa: B018 - a section whose URL is gone is hidden
        except NoReverseMatch:
            continue
        # Sections are guarded by rules predicates only: asking rules directly
        # spares the two permission queries Django's ModelBackend would run
        # for every section a user may not open.
        if user.is_superuser or rules.has_perm(section.permission, user):
            visible.append(section)
    return visible
