"""What each role may do: written down once, here.

Each permission is a `rules` predicate built from the role predicates in the
apps' `access` modules. Views reach objects through those `access` functions,
which consult these rules; templates may ask `perms` the same questions.
The route × role matrix test (tests/test_permission_matrix.py) checks every
URL against the same table in plain words.
"""

import rules

from twinning.accounts.access import is_coordinator
from twinning.activities.access import speaks_for_a_linked_partner
from twinning.directory.access import (
    is_group_member,
    is_group_organiser,
    is_partner_contact,
    runs_either_side_of_link,
)
from twinning.matching.access import (
    organises_introduced_group,
    organises_offering_group,
    speaks_for_introduced_partner,
    speaks_for_requester,
)

# People
rules.add_perm("accounts.view_people", is_coordinator)
rules.add_perm("accounts.change_roles", is_coordinator)
rules.add_perm("accounts.use_api_tokens", is_coordinator)

# Groups (British side)
rules.add_perm(
    "directory.view_group_private", is_coordinator | is_group_organiser | is_group_member
)
rules.add_perm("directory.change_group", is_coordinator | is_group_organiser)
rules.add_perm("directory.manage_group_people", is_coordinator | is_group_organiser)
rules.add_perm("directory.review_groups", is_coordinator)
rules.add_perm("directory.import_directory", is_coordinator)
rules.add_perm("directory.export_everything", is_coordinator)
rules.add_perm("directory.view_private_fields", is_coordinator)

# Partners (Palestinian side)
rules.add_perm("directory.change_partner", is_coordinator | is_partner_contact)

# Links (either side proposes and moves a link along; coordinators too)
rules.add_perm("directory.change_link", is_coordinator | runs_either_side_of_link)

# Matching: requests for a twin, offers, introductions
rules.add_perm("matching.run_introductions", is_coordinator)
rules.add_perm("matching.change_request", is_coordinator | speaks_for_requester)
rules.add_perm("matching.change_offer", is_coordinator | organises_offering_group)
rules.add_perm(
    "matching.view_introduction",
    is_coordinator | organises_introduced_group | speaks_for_introduced_partner,
)

# Starting a group: pools of people nearby are the coordinators'
rules.add_perm("formation.manage_pools", is_coordinator)

# Running a group: its members see its meetings (and, later, visits, appeals and contacts);
# a linked partner's contacts see those that belong to their link; organisers run them
rules.add_perm("activities.view_activities", is_coordinator | is_group_organiser | is_group_member)
rules.add_perm("activities.view_joint_activities", speaks_for_a_linked_partner)
rules.add_perm("activities.change_activities", is_coordinator | is_group_organiser)
# visitors' passport details: the group's organisers alone
rules.add_perm("activities.see_passports", is_group_organiser)
# links gone quiet, across the network
rules.add_perm("activities.view_link_health", is_coordinator)

# Places (the gazetteer is public; coordinators add missing places and hide wrong ones)
rules.add_perm("places.manage_places", is_coordinator)

# The audit history
rules.add_perm("core.view_audit", is_coordinator)
# Emails that could not be sent (they name people's addresses): seen, tried again, discarded
rules.add_perm("core.manage_emails", is_coordinator)
