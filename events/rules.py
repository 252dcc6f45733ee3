"""Who may see and change events."""

import rules

from core.rules import has_organisation, is_coordinator, is_funder, is_partner

# Coordinators run everything; funders and partners only read their events.
rules.add_perm("events.view_event_list", is_coordinator)
rules.add_perm("events.add_event", is_coordinator)
rules.add_perm("events.change_event", is_coordinator)
rules.add_perm("events.view_registration", is_coordinator)
rules.add_perm("events.change_registration", is_coordinator)
rules.add_perm("events.change_meeting", is_coordinator)
rules.add_perm("events.view_series", is_coordinator)
rules.add_perm("events.change_series", is_coordinator)
rules.add_perm("events.view_funded_events", (is_funder | is_partner) & has_organisation)
rules.add_perm("events.change_committee", is_coordinator)
rules.add_perm("events.change_charter", is_coordinator)
