"""Role predicates shared by every app; object rules live in each app's rules.py.

Predicates read ``user.role_names`` and ``user.organisation_ids``, which are
cached on the user object, so checking many objects costs no extra query.
"""

import rules

from .models import Role


def _has_role(user, role: str) -> bool:
    return bool(user and user.is_authenticated and role in user.role_names)


@rules.predicate
def is_coordinator(user) -> bool:
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or _has_role(user, Role.COORDINATOR)


@rules.predicate
def is_funder(user) -> bool:
    return _has_role(user, Role.FUNDER)


@rules.predicate
def is_partner(user) -> bool:
    return _has_role(user, Role.PARTNER)


@rules.predicate
def has_organisation(user) -> bool:
    """Funders and partners act for an organisation of the directory."""
    return bool(user and user.is_authenticated and user.organisation_ids)


rules.add_perm("core.view_dashboard", rules.is_authenticated)
rules.add_perm("core.coordinate", is_coordinator)
