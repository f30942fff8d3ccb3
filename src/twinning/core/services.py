"""What every app shares when it changes state: the audit log, revision counters and the
outbox of emails."""

import datetime
import logging
import smtplib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone

from twinning.core.models import AuditEntry, OutgoingEmail, Revision
from twinning.core.text import one_line

logger = logging.getLogger(__name__)


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`. Call it inside the service's transaction.

    `action` is a dotted name such as ``"group.organiser_added"``; `data` holds
    what changed, and never secrets (passwords, tokens, passport numbers).
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
    )


def site_url(path: str) -> str:
    """An absolute address on the site, for links in emails sent outside a request."""
    return settings.SITE_URL.rstrip("/") + path


def within_rate_limit(scope: str, limits: dict[str, tuple[str, int, int]]) -> bool:
    """Whether one more of `scope` (a form that sends email) is allowed: `limits` maps a name to
    (key, most, seconds), e.g. {"ip": ("198.51.100.7", 10, 3600)}: at most `most` per key in
    `seconds`. Counted in the shared cache, so every web process counts together. Off when
    rate limits are (TWINNING_RATE_LIMITS=0, for load tests)."""
    from django.core.cache import cache

    if not settings.ACCOUNT_RATE_LIMITS_ENABLED:
        return True
    allowed = True
    for name, (key, most, seconds) in limits.items():
        counter = f"{scope}:limit:{name}:{key}"
        cache.add(counter, 0, timeout=seconds)
        if cache.incr(counter) > most:
            allowed = False
    return allowed


def revision_bump(name: str) -> None:
    """Mark that `name`'s data changed (inside the change's own transaction)."""
    if not Revision.objects.filter(name=name).update(number=models.F("number") + 1):
        Revision.objects.get_or_create(name=name)
        Revision.objects.filter(name=name).update(number=models.F("number") + 1)


def revision_number(name: str) -> int:
    """How many times `name`'s data has changed: a version for caches built from it."""
    return Revision.objects.filter(name=name).values_list("number", flat=True).first() or 0


# --- The outbox -------------------------------------------------------------
# An email that could not be sent is tried again after each of these waits, then no more
# without a coordinator asking (five tries over about fifteen hours).
RETRY_AFTER = (
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
# How long a sender holds an email it is sending: well over the SMTP timeout, so that one
# that died mid-send lets the next sender have it.
SENDING_HOLD = datetime.timedelta(minutes=10)
# An email whose tries are over is forgotten this long after the last one.
KEEP_UNSENT_DAYS = 30
# An email never tried this long after it was queued means the task worker is not running.
STUCK_AFTER = datetime.timedelta(minutes=15)


def email_queue(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    html: str = "",
    attachments: list[list[str]] | None = None,
    from_email: str = "",
    reply_to: str = "",
) -> list[OutgoingEmail]:
    """Keep one email per address in the outbox, in the caller's transaction (so an email
    exists exactly when its change does), and send each on the task queue once saved.

    The subject is made one line (a line break there would make Django refuse to send).
    `attachments` are text files, each [file name, content, media type]; `reply_to`, where a
    reply goes when not to the sender.
    """
    from twinning.core.tasks import deliver_email

    now = timezone.now()
    emails = [
        OutgoingEmail.objects.create(
            to=address,
            from_email=from_email or settings.DEFAULT_FROM_EMAIL,
            reply_to=reply_to,
            subject=one_line(subject),
            body=body,
            html=html,
            attachments=attachments or [],
            queued_at=now,
            next_try_at=now,
        )
        for address in dict.fromkeys(to)
    ]
    for email in emails:
        # robust: should the queue not take it, the email stays due for `twinning tend_email`
        transaction.on_commit(lambda pk=email.pk: deliver_email.enqueue(email_id=pk), robust=True)
    return emails


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=one_line(email.subject),  # again, for a row written some other way
        body=email.body,
        from_email=email.from_email,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for filename, content, mimetype in email.attachments:
        message.attach(filename, content, mimetype)
    return message


def _failure(error: Exception) -> tuple[str, str]:
    """Why sending failed: in full for coordinators (a server's words may name the address),
    and as the kind of error and the SMTP code alone for the log."""
    kind = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [
            f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for code, reply in error.recipients.values()
        ]
        codes = sorted({str(code) for code, _reply in error.recipients.values()})
        return f"{kind}: {'; '.join(answers)}", f"{kind} {' '.join(codes)}"
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"{kind}: {error.smtp_code} {text}", f"{kind} {error.smtp_code}"
    return f"{kind}: {error}", kind


def email_send(*, email_id: int) -> bool:
    """Try to send one email from the outbox, if it is due and no one else is sending it.

    Sent, it is deleted. Failed — whatever the reason — it keeps why, and when to try next
    (`RETRY_AFTER`), which the database task queue is asked to do then; the log names it by
    its number only. Returns whether it is gone from the outbox (sent, or sent by another).
    """
    from twinning.core.tasks import deliver_email

    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.due(now)
        .filter(pk=email_id)
        .update(
            sending_until=now + SENDING_HOLD,
            attempts=models.F("attempts") + 1,
            last_tried_at=now,
        )
    )
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None or not claimed:
        return email is None
    error = None
    try:
        _message(email).send()
    except Exception as caught:  # any failure at all: kept, never lost
        error = caught
    if error is None:
        email.delete()
        return True
    # outside the `except`, so that an error from here on does not carry the server's words
    reason, kind = _failure(error)
    next_try = now + RETRY_AFTER[email.attempts - 1] if email.attempts < MAX_ATTEMPTS else None
    OutgoingEmail.objects.filter(pk=email.pk).update(
        last_error=reason[:500], next_try_at=next_try, sending_until=None
    )
    logger.warning(
        "Email %s was not sent (try %s of %s, %s); %s",
        email.pk,
        email.attempts,
        MAX_ATTEMPTS,
        kind,
        f"next try at {next_try.isoformat()}" if next_try else "no more tries unless asked",
    )
    if next_try is not None and deliver_email.get_backend().supports_defer:
        deliver_email.using(run_after=next_try).enqueue(email_id=email.pk)
    return False


def emails_send_due() -> tuple[int, int]:
    """Try every email whose time has come (for `twinning tend_email`): how many were sent,
    and how many failed again."""
    sent = failed = 0
    due = OutgoingEmail.objects.due(timezone.now()).order_by("next_try_at", "pk")
    for email_id in list(due.values_list("pk", flat=True)[:1000]):
        if email_send(email_id=email_id):
            sent += 1
        elif OutgoingEmail.objects.filter(pk=email_id, sending_until__isnull=True).exists():
            failed += 1
    return sent, failed


def emails_forget_unsent() -> int:
    """Delete the emails whose tries ended `KEEP_UNSENT_DAYS` ago: how many."""
    cutoff = timezone.now() - datetime.timedelta(days=KEEP_UNSENT_DAYS)
    deleted, _kinds = OutgoingEmail.objects.filter(
        next_try_at__isnull=True, last_tried_at__lt=cutoff
    ).delete()
    return deleted


def email_retry(*, actor: Any, email: OutgoingEmail) -> None:
    """A coordinator asks for an email to be tried again now (on the task queue)."""
    from twinning.core.tasks import deliver_email

    with transaction.atomic():
        OutgoingEmail.objects.filter(pk=email.pk).update(next_try_at=timezone.now())
        audit_log(actor=actor, action="email.retried", obj=email, data={"tries": email.attempts})
    deliver_email.enqueue(email_id=email.pk)


def email_discard(*, actor: Any, email: OutgoingEmail) -> None:
    """A coordinator gives up on an email: it is deleted, body and all."""
    with transaction.atomic():
        audit_log(actor=actor, action="email.discarded", obj=email, data={"tries": email.attempts})
        OutgoingEmail.objects.filter(pk=email.pk).delete()


def emails_not_sent_count() -> int:
    """How many emails could not be sent (for the coordinators' board)."""
    return OutgoingEmail.objects.not_sent().count()


def emails_stuck_count() -> int:
    """How many emails were never even tried `STUCK_AFTER` after they were queued."""
    return OutgoingEmail.objects.filter(
        attempts=0, queued_at__lt=timezone.now() - STUCK_AFTER
    ).count()


def emails_to(addresses: Iterable[str]) -> list[dict[str, Any]]:
    """The emails waiting for these addresses, for the person's data download: what and
    when, never the body (a reset, confirmation or invitation link works like a password)."""
    return [
        {
            "to": email.to,
            "subject": email.subject,
            "queued_at": email.queued_at.isoformat(),
            "tries": email.attempts,
            "why_not_sent": email.last_error,
        }
        for email in OutgoingEmail.objects.addressed_to(addresses).order_by("queued_at", "pk")
    ]


def emails_forget(addresses: Iterable[str]) -> int:
    """Delete every email waiting for these addresses (a person erased): how many."""
    deleted, _kinds = OutgoingEmail.objects.addressed_to(addresses).delete()
    return deleted
