"""twinning tend_email — the outbox's care: send what is due, forget what is long unsent."""

from django.core.management.base import BaseCommand

from twinning.core.services import KEEP_UNSENT_DAYS, emails_forget_unsent, emails_send_due


class Command(BaseCommand):
    help = (
        "Send the emails whose next try has come (and any the task queue never took), and "
        f"delete those whose tries ended {KEEP_UNSENT_DAYS} days ago. The database task queue "
        "tries again by itself; run this every few minutes from cron as well (with the "
        "immediate task backend it is what tries again)."
    )

    def handle(self, *args, **options) -> None:
        sent, failed = emails_send_due()
        forgotten = emails_forget_unsent()
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {sent} emails; {failed} failed again; "
                f"deleted {forgotten} not sent after their last try."
            )
        )
