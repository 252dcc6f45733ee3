"""Who may see and change the partner directory."""

import rules

from core.rules import is_coordinator, is_partner


@rules.predicate
def is_member_of(user, organisation) -> bool:
    if not user or not user.is_authenticated or organisation is None:
        return False
    return organisation.pk in user.organisation_ids


@rules.predicate
def is_partnership_member(user, partnership) -> bool:
    """The user belongs to one of the partnership's two organisations."""
    if not user or not user.is_authenticated or partnership is None:
        return False
    ids = user.organisation_ids
    return partnership.first_id in ids or partnership.second_id in ids


rules.add_perm("partners.view_directory", is_coordinator)
rules.add_perm("partners.change_directory", is_coordinator)
rules.add_perm("partners.view_own_organisation", is_partner)
rules.add_perm("partners.propose_change", is_coordinator | (is_partner & is_member_of))
rules.add_perm(
    "partners.download_convention",
    is_coordinator | (is_partner & is_partnership_member),
)
