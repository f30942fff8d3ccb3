"""Every change to the directory goes through these functions (with its audit entry).

One module per part of the directory; everything is importable from here.
"""

from twinning.directory.services.groups import (
    GROUP_FIELDS,
    EditConflict,
    group_propose,
    group_review,
    group_set_logo,
    group_start,
    group_update,
)
from twinning.directory.services.imports import (
    IMPORT_CHECK_STALLED,
    IMPORT_CHUNK,
    import_apply,
    import_check,
    import_check_again,
    import_check_finish,
    import_check_stalled,
    import_finish,
    import_plan,
    import_plan_checked,
    import_start,
    import_upload,
)
from twinning.directory.services.joining import group_write, join_answer, join_ask
from twinning.directory.services.links import (
    link_note_activity,
    link_propose,
    link_set_status,
    months_before,
    quiet_cutoff,
)
from twinning.directory.services.partners import (
    PARTNER_FIELDS,
    partner_propose,
    partner_review,
    partner_update,
)
from twinning.directory.services.people import (
    group_invite,
    group_role_remove,
    group_role_set,
    invitation_accept,
    invitation_confirm,
    invitation_decline,
    invitation_withdraw,
    partner_contact_add,
)
from twinning.directory.services.personal import (
    personal_data,
    personal_data_erase,
)
from twinning.directory.services.shared import RESUBMIT_WINDOW

__all__ = [
    "GROUP_FIELDS",
    "EditConflict",
    "group_propose",
    "group_review",
    "group_set_logo",
    "group_start",
    "group_update",
    "IMPORT_CHECK_STALLED",
    "IMPORT_CHUNK",
    "import_apply",
    "import_check",
    "import_check_again",
    "import_check_finish",
    "import_check_stalled",
    "import_finish",
    "import_plan",
    "import_plan_checked",
    "import_start",
    "import_upload",
    "link_note_activity",
    "group_write",
    "join_answer",
    "join_ask",
    "link_propose",
    "link_set_status",
    "months_before",
    "quiet_cutoff",
    "PARTNER_FIELDS",
    "partner_propose",
    "partner_review",
    "partner_update",
    "group_invite",
    "group_role_remove",
    "group_role_set",
    "invitation_accept",
    "invitation_confirm",
    "invitation_decline",
    "invitation_withdraw",
    "partner_contact_add",
    "personal_data",
    "personal_data_erase",
    "RESUBMIT_WINDOW",
]
