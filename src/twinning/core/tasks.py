"""Background work every app shares: sending email."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


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
    """Send one message. Runs on the task queue so a slow mail server never slows a page.

    `attachments` are text files, each as [file name, content, media type].
    """
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message.send()
