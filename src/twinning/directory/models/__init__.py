"""The directory's models, one module per part of the domain."""

from twinning.directory.models.groups import (
    INVITATION_LIFETIME,
    Group,
    GroupInvitation,
    GroupKind,
    GroupLogo,
    GroupRole,
    ReviewStatus,
    WorkingLanguage,
    _new_token,  # noqa: F401  (named by migration 0002, which must not change)
)
from twinning.directory.models.imports import ImportBatch
from twinning.directory.models.interests import Interest
from twinning.directory.models.joining import JoinRequest
from twinning.directory.models.links import Link, LinkStatusChange
from twinning.directory.models.partners import Partner, PartnerContact, PartnerKind
from twinning.directory.models.search import SearchEntry

__all__ = [
    "INVITATION_LIFETIME",
    "ImportBatch",
    "Interest",
    "JoinRequest",
    "Group",
    "GroupInvitation",
    "GroupKind",
    "GroupLogo",
    "GroupRole",
    "Link",
    "LinkStatusChange",
    "Partner",
    "PartnerContact",
    "PartnerKind",
    "ReviewStatus",
    "SearchEntry",
    "WorkingLanguage",
]
