"""Every change to a person's account goes through these functions."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from twinning.accounts.models import Consent, User
from twinning.core.services import audit_log

# Other apps add what they hold about a person to the data download by
# registering a function here from their AppConfig.ready().
PersonalDataExporter = Callable[[User], Any]
_exporters: dict[str, PersonalDataExporter] = {}


def register_personal_data(section: str, exporter: PersonalDataExporter) -> None:
    """Add a section to every person's data download."""
    _exporters[section] = exporter


def user_record_consent(*, user: User, purpose: str, given: bool) -> Consent:
    """Keep a dated record of a yes or no."""
    with transaction.atomic():
        consent = Consent.objects.create(user=user, purpose=purpose, given=given)
        audit_log(
            actor=user,
            action="consent.recorded",
            obj=user,
            data={"purpose": purpose, "given": given},
        )
    return consent


def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    """Change what a person says about themselves."""
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user


def user_set_roles(*, actor: User, user: User, is_coordinator: bool, is_advisor: bool) -> User:
    """Grant or withdraw the network-wide roles; the change is audited."""
    before = {"coordinator": user.is_coordinator, "advisor": user.is_advisor}
    after = {"coordinator": is_coordinator, "advisor": is_advisor}
    if before == after:
        return user
    with transaction.atomic():
        user.is_coordinator = is_coordinator
        user.is_advisor = is_advisor
        user.save(update_fields=["is_coordinator", "is_advisor"])
        audit_log(
            actor=actor,
            action="user.roles_changed",
            obj=user,
            data={"before": before, "after": after},
        )
    return user


def user_export_data(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about a person, as plain JSON-ready data."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "roles": user.role_names,
            "joined_on": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.all()
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "given": consent.given,
                "notice_version": consent.notice_version,
                "recorded_at": consent.recorded_at.isoformat(),
            }
            for consent in user.consents.all()
        ],
    }
    for section, exporter in sorted(_exporters.items()):
        data[section] = exporter(user)
    return data


def user_erase(*, user: User) -> None:
    """Erase a person's account and everything that hangs from it.

    The audit history keeps its entries, with the person shown as erased:
    what was changed stays known, who changed it no longer is.
    """
    with transaction.atomic():
        audit_log(actor=None, action="user.erased", obj=None, data={"user_id": user.pk})
        # Sessions of a deleted user no longer sign anyone in: Django checks
        # that the user still exists on every request.
        user.delete()
