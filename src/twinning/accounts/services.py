"""Every change to a person's account goes through these functions."""

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.accounts.access import may_act_with_api_token, verified_addresses
from twinning.accounts.models import ApiToken, Consent, User
from twinning.core.models import AuditEntry
from twinning.core.services import audit_log, email_queue, emails_forget, emails_to

ERASED = "(erased account)"
# A token's "last used" is kept to the minute: not a write on every request.
TOKEN_USE_PRECISION = datetime.timedelta(minutes=1)

# Other apps say what they hold about a person by registering, from their
# AppConfig.ready(), a function for the data download and one for erasure.
PersonalDataExporter = Callable[[User], Any]
PersonalDataEraser = Callable[[User], None]
_exporters: dict[str, PersonalDataExporter] = {}
_erasers: dict[str, PersonalDataEraser] = {}


def acting_person(actor) -> User | None:
    """The signed-in person behind a change, or None (a command, the demo, an anonymous
    visitor)."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def one_submission_at_a_time(actor) -> None:
    """Within a transaction, make a person's concurrent submissions wait for each other, so
    that a form sent twice at once is seen as sent twice (and handled once)."""
    if acting_person(actor) is not None:
        User.objects.select_for_update().filter(pk=actor.pk).first()


Attachments = Callable[[], list[list[str]]]


def email_address(
    email: str,
    *,
    language: str,
    subject: Callable[[], str],
    body: Callable[[], str],
    attachments: Attachments | None = None,
    reply_to: str = "",
) -> None:
    """Email one address in `language`, on the task queue, once the change that prompts it is
    saved (the email is kept in the outbox with the change, and tried again if it fails).
    `subject`, `body` and `attachments` (text files, each [name, content, media type]) are
    called under that language; a reply goes to `reply_to` when it is given."""
    with translation.override(language or settings.LANGUAGE_CODE):
        email_queue(
            to=[email],
            subject=subject(),
            body=body(),
            attachments=attachments() if attachments is not None else None,
            reply_to=reply_to,
        )


def email_people(
    people: Iterable[User],
    *,
    subject: Callable[[], str],
    body: Callable[[], str],
    attachments: Attachments | None = None,
    reply_to: str = "",
) -> None:
    """Email each active person in their own language (see `email_address`)."""
    for person in people:
        if person.is_active and person.email:
            email_address(
                person.email,
                language=person.preferred_language,
                subject=subject,
                body=body,
                attachments=attachments,
                reply_to=reply_to,
            )


def email_coordinators(
    *, subject: Callable[[], str], body: Callable[[], str], reply_to: str = ""
) -> None:
    """Email every active coordinator, each in their own language, once the change is saved."""
    email_people(User.objects.coordinators(), subject=subject, body=body, reply_to=reply_to)


def network_write(*, name: str, email: str, message: str) -> None:
    """Someone writes to the network through the site: every coordinator receives it, and
    their reply goes to the writer. Nothing is kept once the emails are sent."""
    with transaction.atomic():
        email_coordinators(
            subject=lambda: _("A message for the network from %(name)s") % {"name": name},
            body=lambda: "\n".join(
                [
                    _(
                        "%(name)s (%(email)s) wrote to the network through its site. Reply to "
                        "this email to answer them."
                    )
                    % {"name": name, "email": email},
                    "",
                    message,
                ]
            ),
            reply_to=email,
        )


def register_personal_data(
    section: str, *, export: PersonalDataExporter, erase: PersonalDataEraser | None = None
) -> None:
    """Add a section to every person's data download, and what to do when they erase it."""
    _exporters[section] = export
    if erase is not None:
        _erasers[section] = erase


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
        if before["coordinator"] and not is_coordinator:
            # a former coordinator's keys die with the role, and do not wake if it returns
            user.api_tokens.live().update(revoked_at=timezone.now())
        audit_log(
            actor=actor,
            action="user.roles_changed",
            obj=user,
            data={"before": before, "after": after},
        )
    return user


def _addresses(user: User) -> list[str]:
    """The person's confirmed addresses: an address added but not confirmed may be anyone's
    (allauth keeps someone else's address unconfirmed rather than say it is taken)."""
    return verified_addresses(user)


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
        "api_tokens": [
            {
                "name": token.name,
                "made_on": token.created_at.isoformat(),
                "last_used": token.last_used_at.isoformat() if token.last_used_at else None,
                "revoked_on": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in user.api_tokens.all()
        ],
        # emails to the person not sent yet (one sent is not kept)
        "emails_waiting": emails_to(_addresses(user)),
    }
    for section, exporter in sorted(_exporters.items()):
        data[section] = exporter(user)
    return data


def user_erase(*, user: User) -> None:
    """Erase a person's account and everything that hangs from it.

    Each app first takes the person out of what it holds (and records that
    in the history). The history keeps its entries, but entries about the
    person lose their name and details, and entries by them lose their author:
    what was changed stays known, who changed it no longer is.
    """
    with transaction.atomic():
        for _section, erase in sorted(_erasers.items()):
            erase(user)
        emails_forget(_addresses(user))
        AuditEntry.objects.about(user).update(object_repr=ERASED, data={})
        audit_log(actor=None, action="user.erased", obj=None, data={"user_id": user.pk})
        # Sessions of a deleted user no longer sign anyone in: Django checks
        # that the user still exists on every request.
        user.delete()


TOKEN_PREFIX = "tw_"  # noqa: S105 - the visible start of every key, not a secret


def _token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, actor: User, name: str, form_nonce: str = "") -> tuple[ApiToken, str]:
    """Make a token for a coordinator; return it with its key, which is never shown again.

    A form sent twice (same nonce) makes one token: the second call returns it without a key.
    """
    if form_nonce:
        existing = ApiToken.objects.made_by_form(actor, form_nonce).first()
        if existing is not None:
            return existing, ""
    prefix = secrets.token_hex(4)
    key = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=actor,
                name=name,
                prefix=prefix,
                digest=_token_digest(key),
                form_nonce=form_nonce,
            )
            audit_log(actor=actor, action="api_token.created", obj=token)
    except IntegrityError:
        if not form_nonce:
            raise
        # the same form, sent twice at once: the other request made the token
        return ApiToken.objects.made_by_form(actor, form_nonce).get(), ""
    return token, key


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="api_token.revoked", obj=token)


def api_token_user(key: str) -> User | None:
    """The coordinator a key belongs to, if the key is live; records when it was last used."""
    if not key.startswith(TOKEN_PREFIX) or key.count("_") < 2:
        return None
    prefix = key[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.for_prefix(prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _token_digest(key)):
        return None
    user = token.user
    if not may_act_with_api_token(user):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user
