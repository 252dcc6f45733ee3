"""Who may open and change the partner directory.

Which organisation, partnership or change request a person sees is the
models' ``for_user`` scope (``partners/models.py``); these rules only say who
may open a section or act.
"""

import rules

from core.rules import is_coordinator, is_partner


@rules.predicate
def is_member_of(user, organisation) -> bool:
    if not user or not user.is_authenticated or organisation is None:
        return False
    return organisation.pk in user.organisation_ids


rules.add_perm("partners.view_directory", is_coordinator)
rules.add_perm("partners.change_directory", is_coordinator)
rules.add_perm("partners.view_own_organisation", is_partner)
rules.add_perm("partners.propose_change", is_coordinator | (is_partner & is_member_of))
# The aide-mémoire (``partners/documents.py``) is written for every
# professional of the network: partners download it too.
rules.add_perm("partners.view_aide_memoire", is_coordinator | is_partner)
