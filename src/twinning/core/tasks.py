"""Background work every app shares: sending email from the outbox."""

from django_tasks import task


@task()
def deliver_email(*, email_id: int) -> bool:
    """Send one email of the outbox (`core.services.email_send`). Runs on the task queue so a
    slow mail server never slows a page; a failure is kept and tried again, never lost."""
    from twinning.core.services import email_send

    return email_send(email_id=email_id)


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str,
    html: str = "",
    attachments: list[list[str]] | None = None,
) -> int:
    """Put one message in the outbox and send it, for code that still enqueues whole
    messages: prefer `core.services.email_queue`, which keeps the message from the change's
    own transaction and leaves only its number on the queue.

    `attachments` are text files, each as [file name, content, media type].
    """
    from twinning.core.services import email_queue

    emails = email_queue(
        to=to,
        subject=subject,
        body=body,
        html=html,
        attachments=attachments,
        from_email=from_email,
    )
    return len(emails)
