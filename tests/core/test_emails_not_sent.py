"""Emails that could not be sent: kept in the outbox with the reason, tried again later, shown
to coordinators (who may try again now or discard them), never lost and never logged with an
address or a subject. A real SMTP server on loopback refuses or accepts them."""

import datetime
import io
import logging
import socket

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import UserFactory
from twinning.accounts.services import email_address, user_erase, user_export_data
from twinning.core.models import AuditEntry, OutgoingEmail
from twinning.core.services import (
    MAX_ATTEMPTS,
    RETRY_AFTER,
    email_queue,
    email_send,
    emails_send_due,
)
from twinning.core.tasks import send_email

pytestmark = pytest.mark.django_db

REFUSED = "550 5.1.1 <{address}>: Recipient address rejected: User unknown"
SUBJECT = "Tea at the town hall on Thursday"


def _email(to: str = "member@example.org", subject: str = SUBJECT) -> None:
    email_address(
        to,
        language="en",
        subject=lambda: subject,
        body=lambda: "Bring a cake.\n\nOlivia",
    )


def _queue_and_send(callbacks, **kwargs) -> OutgoingEmail | None:
    with callbacks(execute=True):
        _email(**kwargs)
    return OutgoingEmail.objects.first()


def _due_now() -> None:
    """As if the wait before the next try had passed."""
    OutgoingEmail.objects.exclude(next_try_at=None).update(next_try_at=timezone.now())


def _unsent(n: int, *, to: str = "someone@example.org") -> list[OutgoingEmail]:
    now = timezone.now()
    return OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            to=to,
            from_email="Twinning <noreply@example.org>",
            subject=f"Invitation {i}",
            body="…",
            attempts=2,
            last_tried_at=now - datetime.timedelta(minutes=i),
            last_error="SMTPRecipientsRefused: 550 5.1.1 User unknown",
            next_try_at=now + datetime.timedelta(hours=2),
        )
        for i in range(n)
    )


@pytest.fixture
def nothing_listening(settings) -> int:
    """A mail server address where nothing answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return port


# --- sending and failing ---------------------------------------------------------------------


def test_a_sent_email_leaves_nothing_of_itself_in_the_outbox(
    smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    assert _queue_and_send(django_capture_on_commit_callbacks) is None
    [message] = smtp_inbox.messages
    assert message["To"] == "member@example.org"
    assert message["Subject"] == SUBJECT


def test_an_email_the_server_refuses_is_kept_with_the_reason_and_a_time_to_try_again(
    smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    smtp_inbox.refusal = REFUSED
    before = timezone.now()
    email = _queue_and_send(django_capture_on_commit_callbacks)
    assert smtp_inbox.messages == []
    assert email.to == "member@example.org"
    assert email.subject == SUBJECT
    assert email.body == "Bring a cake.\n\nOlivia"
    assert email.attempts == 1
    assert email.last_error.startswith("SMTPRecipientsRefused: 550 5.1.1")
    assert "Recipient address rejected" in email.last_error
    assert before + RETRY_AFTER[0] <= email.next_try_at <= timezone.now() + RETRY_AFTER[0]
    assert email.sending_until is None


def test_the_log_of_a_failed_email_names_it_by_its_number_and_never_by_address_or_subject(
    smtp_inbox, django_capture_on_commit_callbacks, caplog
) -> None:
    smtp_inbox.refusal = REFUSED
    caplog.set_level(logging.DEBUG)
    email = _queue_and_send(django_capture_on_commit_callbacks)
    ours = [r for r in caplog.records if r.name.startswith(("twinning", "django_tasks"))]
    [warning] = [r for r in ours if r.levelno >= logging.WARNING]
    assert warning.getMessage().startswith(f"Email {email.pk} was not sent (try 1 of 5, ")
    assert "SMTPRecipientsRefused 550" in warning.getMessage()
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in ours)
    for private in ("member@example.org", "member", SUBJECT, "Tea", "Bring a cake"):
        assert private not in logged


def test_nothing_listening_on_the_mail_port_is_kept_as_a_refused_connection(
    nothing_listening, django_capture_on_commit_callbacks, caplog
) -> None:
    email = _queue_and_send(django_capture_on_commit_callbacks)
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError")
    assert "ConnectionRefusedError" in caplog.text
    assert "member@example.org" not in caplog.text


def test_a_retry_once_the_server_accepts_again_sends_it_once_and_clears_it(
    smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    smtp_inbox.refusal = REFUSED
    _queue_and_send(django_capture_on_commit_callbacks)
    smtp_inbox.refusal = ""
    out = io.StringIO()
    call_command("tend_email", stdout=out)
    assert "Sent 0 emails" in out.getvalue()  # not due yet: five minutes to wait
    assert smtp_inbox.messages == []

    _due_now()
    call_command("tend_email", stdout=out)
    call_command("tend_email", stdout=out)
    [message] = smtp_inbox.messages
    assert message["To"] == "member@example.org"
    assert message["Subject"] == SUBJECT
    assert not OutgoingEmail.objects.exists()
    assert "Sent 1 emails; 0 failed again" in out.getvalue()


def test_the_tries_stop_after_five_and_the_email_waits_for_a_coordinator(
    nothing_listening, django_capture_on_commit_callbacks
) -> None:
    email = _queue_and_send(django_capture_on_commit_callbacks)
    waits = [email.next_try_at - email.last_tried_at]
    for _ in range(MAX_ATTEMPTS - 1):
        _due_now()
        assert emails_send_due() == (0, 1)
        email.refresh_from_db()
        if email.next_try_at:
            waits.append(email.next_try_at - email.last_tried_at)
    assert email.attempts == MAX_ATTEMPTS
    assert email.next_try_at is None
    assert [round(wait.total_seconds() / 60) for wait in waits] == [5, 30, 120, 720]
    assert emails_send_due() == (0, 0)  # no more tries by itself
    assert OutgoingEmail.objects.not_sent().get() == email


def test_an_email_being_sent_is_not_sent_a_second_time_by_another_sender(smtp_inbox) -> None:
    [email] = email_queue(to=["member@example.org"], subject=SUBJECT, body="…")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        sending_until=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert email_send(email_id=email.pk) is False
    assert emails_send_due() == (0, 0)
    assert smtp_inbox.messages == []


def test_an_email_whose_sender_died_is_sent_once_its_hold_runs_out(smtp_inbox) -> None:
    [email] = email_queue(to=["member@example.org"], subject=SUBJECT, body="…")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        attempts=1, sending_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert emails_send_due() == (1, 0)
    assert len(smtp_inbox.messages) == 1


def test_an_email_of_a_change_that_is_undone_is_never_kept_nor_sent(
    mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _email()
        raise RuntimeError("the change fails")
    assert not OutgoingEmail.objects.exists()
    assert mailoutbox == []


def test_a_subject_with_a_line_break_is_sent_on_one_line_and_adds_no_header(
    smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    assert (
        _queue_and_send(django_capture_on_commit_callbacks, subject="Tea\r\nBcc: x@example.org")
        is None
    )
    # and a row written some other way (old data) is made one line when it is sent
    [email] = email_queue(to=["member@example.org"], subject="-", body="…")
    OutgoingEmail.objects.filter(pk=email.pk).update(subject="Visit\nBcc: y@example.org")
    assert email_send(email_id=email.pk) is True
    first, second = smtp_inbox.messages
    assert first["Subject"] == "Tea Bcc: x@example.org"
    assert second["Subject"] == "Visit Bcc: y@example.org"
    assert first["Bcc"] is None and second["Bcc"] is None


def test_a_message_enqueued_whole_still_goes_through_the_outbox(
    smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    smtp_inbox.refusal = REFUSED
    with django_capture_on_commit_callbacks(execute=True):
        send_email.enqueue(
            subject=SUBJECT, body="…", to=["member@example.org"], from_email="a@example.org"
        )
    assert OutgoingEmail.objects.get().last_error.startswith("SMTPRecipientsRefused")


def test_the_database_task_queue_is_asked_to_try_again_then_and_holds_only_a_number(
    settings, nothing_listening, django_capture_on_commit_callbacks
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _email()
    [email] = OutgoingEmail.objects.all()
    assert email.attempts == 0  # queued for the worker
    [first] = DBTaskResult.objects.all()
    assert first.args_kwargs == {"args": [], "kwargs": {"email_id": email.pk}}

    email_send(email_id=email.pk)  # as the worker would
    email.refresh_from_db()
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.run_after == email.next_try_at
    assert retry.args_kwargs == {"args": [], "kwargs": {"email_id": email.pk}}


def test_tend_email_deletes_emails_whose_tries_ended_thirty_days_ago() -> None:
    old, recent, waiting = _unsent(3)
    OutgoingEmail.objects.filter(pk__in=[old.pk, recent.pk]).update(next_try_at=None)
    OutgoingEmail.objects.filter(pk=old.pk).update(
        last_tried_at=timezone.now() - datetime.timedelta(days=31)
    )
    out = io.StringIO()
    call_command("tend_email", stdout=out)
    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert "deleted 1 not sent" in out.getvalue()


# --- people's data ---------------------------------------------------------------------------


def test_a_persons_data_download_holds_the_emails_waiting_for_them_and_erasure_deletes_them(
    cast, nothing_listening, django_capture_on_commit_callbacks
) -> None:
    _queue_and_send(django_capture_on_commit_callbacks, to="MEMBER@example.org")
    _unsent(1, to="someone.else@example.org")
    [waiting] = user_export_data(user=cast.member)["emails_waiting"]
    assert waiting["subject"] == SUBJECT
    assert "body" not in waiting  # a link in it may work like a password
    assert waiting["why_not_sent"].startswith("ConnectionRefusedError")
    assert user_export_data(user=cast.organiser)["emails_waiting"] == []

    user_erase(user=cast.member)
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["someone.else@example.org"]


# --- the coordinators' page ------------------------------------------------------------------


def test_a_coordinator_sees_each_email_not_sent_with_to_whom_why_and_when(cast) -> None:
    _unsent(2, to="invited.friend@example.org")
    page = client_for(cast.coordinator).get("/emails/not-sent/").content.decode()
    assert "2 emails could not be sent." in page
    assert "invited.friend@example.org" in page
    assert "Invitation 0" in page and "Invitation 1" in page
    assert "SMTPRecipientsRefused: 550 5.1.1 User unknown" in page
    assert "2 tries" in page
    assert "Try again now" in page and "Discard" in page


def test_the_menu_and_the_board_lead_coordinators_to_the_emails_not_sent(cast) -> None:
    _unsent(3)
    coordinator = client_for(cast.coordinator)
    board = coordinator.get("/introductions/").content.decode()
    assert 'href="/emails/not-sent/"' in board
    assert "3 emails could not be sent." in board
    assert "Emails not sent" in coordinator.get("/").content.decode()
    assert "Emails not sent" not in client_for(cast.member).get("/").content.decode()


def test_a_coordinator_tries_an_email_again_now_and_once_sent_it_is_gone(
    cast, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    smtp_inbox.refusal = REFUSED
    email = _queue_and_send(django_capture_on_commit_callbacks)
    coordinator = client_for(cast.coordinator)

    response = coordinator.post(f"/emails/not-sent/{email.pk}/retry/", follow=True)
    assert "It could not be sent this time either" in response.content.decode()
    email.refresh_from_db()
    assert email.attempts == 2

    smtp_inbox.refusal = ""
    response = coordinator.post(f"/emails/not-sent/{email.pk}/retry/", follow=True)
    assert "The email is sent." in response.content.decode()
    assert "Every email has been sent." in response.content.decode()
    assert len(smtp_inbox.messages) == 1
    assert not OutgoingEmail.objects.exists()
    entries = AuditEntry.objects.filter(action="email.retried")
    assert entries.count() == 2
    assert {entry.object_repr for entry in entries} == {f"email #{email.pk}"}
    assert all(entry.actor == cast.coordinator for entry in entries)


def test_a_coordinator_discards_an_email_and_the_history_keeps_no_address(cast) -> None:
    [email] = _unsent(1, to="invited.friend@example.org")
    response = client_for(cast.coordinator).post(f"/emails/not-sent/{email.pk}/discard/")
    assert response.status_code == 302
    assert not OutgoingEmail.objects.exists()
    entry = AuditEntry.objects.get(action="email.discarded")
    assert entry.actor == cast.coordinator
    assert "invited.friend" not in f"{entry.object_repr} {entry.data}"
    assert "Invitation" not in f"{entry.object_repr} {entry.data}"


def test_a_member_is_refused_the_page_and_cannot_retry_or_discard(cast) -> None:
    [email] = _unsent(1)
    member = client_for(cast.member)
    assert member.get("/emails/not-sent/").status_code == 403
    assert member.post(f"/emails/not-sent/{email.pk}/retry/").status_code == 403
    assert member.post(f"/emails/not-sent/{email.pk}/discard/").status_code == 403
    anonymous = client_for(None).get("/emails/not-sent/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    email.refresh_from_db()
    assert email.attempts == 2
    assert not AuditEntry.objects.filter(action__startswith="email.").exists()


def test_a_coordinator_acting_on_an_email_already_gone_gets_404(cast) -> None:
    coordinator = client_for(cast.coordinator)
    assert coordinator.post("/emails/not-sent/999999/retry/").status_code == 404
    assert coordinator.post("/emails/not-sent/999999/discard/").status_code == 404


def test_the_buttons_take_only_a_post(cast) -> None:
    [email] = _unsent(1)
    coordinator = client_for(cast.coordinator)
    assert coordinator.get(f"/emails/not-sent/{email.pk}/retry/").status_code == 405
    assert coordinator.get(f"/emails/not-sent/{email.pk}/discard/").status_code == 405


@pytest.mark.parametrize("rows", [3, 20])
def test_the_page_costs_the_same_however_many_emails_are_not_sent(
    cast, rows: int, django_assert_max_num_queries
) -> None:
    _unsent(rows)
    coordinator = client_for(cast.coordinator)
    coordinator.get("/emails/not-sent/")
    # session, user, count for the paginator, one page of emails, emails never tried
    with django_assert_max_num_queries(5):
        page = coordinator.get("/emails/not-sent/").content.decode()
    assert f"{rows} emails could not be sent." in page


def test_the_page_warns_when_emails_wait_untried_as_if_the_worker_had_stopped(cast) -> None:
    email_queue(to=["member@example.org"], subject=SUBJECT, body="…")
    OutgoingEmail.objects.update(queued_at=timezone.now() - datetime.timedelta(hours=1))
    page = client_for(cast.coordinator).get("/emails/not-sent/").content.decode()
    assert "1 email has waited more than a quarter of an hour without being tried" in page


def test_the_page_is_translated_into_arabic(cast) -> None:
    _unsent(1)
    page = client_for(cast.coordinator).get("/ar/emails/not-sent/").content.decode()
    assert "حاول مرة أخرى الآن" in page
    assert 'dir="rtl"' in page


def test_a_person_who_registered_interest_and_withdraws_takes_their_unsent_emails_along(
    cast, django_capture_on_commit_callbacks
) -> None:
    from twinning.formation.services import registration_create, registration_withdraw

    registration = registration_create(
        values={"name": "Nadia", "email": "nadia@example.org", "place": cast.group_a.place}
    )
    assert OutgoingEmail.objects.filter(to="nadia@example.org").exists()  # the confirmation
    UserFactory(email="someone.with.account@example.org")
    _unsent(1, to="someone.with.account@example.org")
    registration_withdraw(token=registration.token)
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [
        "someone.with.account@example.org"
    ]


def test_an_address_someone_added_but_never_confirmed_gives_them_none_of_its_emails(
    cast, nothing_listening, django_capture_on_commit_callbacks
) -> None:
    """allauth keeps someone else's address, unconfirmed, on whoever typed it: its waiting
    emails (a password reset, an invitation) must not reach their download, nor go with
    their erasure."""
    from allauth.account.models import EmailAddress

    _queue_and_send(django_capture_on_commit_callbacks, to="member@example.org")
    EmailAddress.objects.create(user=cast.stranger, email="member@example.org", verified=False)
    assert user_export_data(user=cast.stranger)["emails_waiting"] == []
    user_erase(user=cast.stranger)
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["member@example.org"]
