"""Asking to join a group, the organisers' answer, and writing to a group through the site."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.services import email_address, email_people, one_submission_at_a_time
from twinning.core.services import audit_log, site_url
from twinning.directory.models import Group, GroupRole, JoinRequest, ReviewStatus
from twinning.directory.services.people import group_role_set
from twinning.directory.services.shared import group_organisers


def join_ask(*, actor, group: Group, message: str = "") -> JoinRequest:
    """A signed-in person asks to join an approved group; its organisers are emailed, each in
    their language. Asking again while the first request waits is the same request."""
    if group.status != ReviewStatus.APPROVED:
        raise ValidationError(_("This group is not in the directory yet."))
    with transaction.atomic():
        one_submission_at_a_time(actor)
        if GroupRole.objects.filter(group=group, user=actor).exists():
            raise ValidationError(_("You are already in this group."))
        waiting = JoinRequest.objects.waiting().filter(group=group, user=actor).first()
        if waiting is not None:
            return waiting
        try:
            with transaction.atomic():
                join_request = JoinRequest.objects.create(group=group, user=actor, message=message)
        except IntegrityError:  # the same request, sent at the same moment
            return JoinRequest.objects.waiting().get(group=group, user=actor)
        audit_log(actor=actor, action="group.join_asked", obj=group)
        url = site_url(reverse("directory:group_members", args=[group.slug]) + "#asking-to-join")
        name = actor.display_name or actor.email

        def body() -> str:
            text = _(
                "%(name)s would like to join %(group)s. Please accept or decline in the "
                "members' area:\n%(url)s"
            ) % {"name": name, "group": group.name, "url": url}
            if message:
                text += "\n\n" + _("Their message:") + "\n" + message
            return text

        email_people(
            group_organisers(group),
            subject=lambda: (
                _("%(name)s asks to join %(group)s") % {"name": name, "group": group.name}
            ),
            body=body,
        )
    return join_request


def join_answer(*, actor, join_request: JoinRequest, accept: bool) -> JoinRequest:
    """An organiser accepts (the person becomes a member) or declines a request to join; the
    person is emailed in their language. A request already answered stays as it was."""
    with transaction.atomic():
        join_request = (
            JoinRequest.objects.select_for_update()
            .select_related("group", "user")
            .get(pk=join_request.pk)
        )
        if join_request.status != JoinRequest.Status.WAITING:
            return join_request
        group, person = join_request.group, join_request.user
        join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
        join_request.decided_at = timezone.now()
        join_request.decided_by = actor
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        if accept and not GroupRole.objects.filter(group=group, user=person).exists():
            group_role_set(actor=actor, group=group, user=person, role=GroupRole.Role.MEMBER)
        audit_log(
            actor=actor,
            action="group.join_answered",
            obj=group,
            data={"user_id": person.pk, "accepted": accept},
        )
        _tell_the_person(join_request)
    return join_request


def _tell_the_person(join_request: JoinRequest) -> None:
    group = join_request.group
    if join_request.status == JoinRequest.Status.ACCEPTED:
        url = site_url(reverse("directory:group_members", args=[group.slug]))
        email_people(
            [join_request.user],
            subject=lambda: _("Welcome to %(group)s") % {"group": group.name},
            body=lambda: (
                _("%(group)s has accepted you as a member. Its members' area:\n%(url)s")
                % {"group": group.name, "url": url}
            ),
        )
        return
    url = site_url(reverse("directory:groups"))
    email_people(
        [join_request.user],
        subject=lambda: _("Your request to join %(group)s") % {"group": group.name},
        body=lambda: (
            _(
                "The organisers of %(group)s have not accepted your request to join. You may "
                "find another group near you:\n%(url)s"
            )
            % {"group": group.name, "url": url}
        ),
    )


def group_write(*, group: Group, name: str, email: str, message: str) -> None:
    """A visitor writes to a group through the site: its organisers receive the message, and
    their reply goes to the visitor's address. The visitor never sees the organisers'
    addresses, and the site keeps nothing once the email is sent."""
    with transaction.atomic():
        for organiser in group_organisers(group):
            if not (organiser.is_active and organiser.email):
                continue
            email_address(
                organiser.email,
                language=organiser.preferred_language,
                subject=lambda: (
                    _("A message for %(group)s from %(name)s") % {"group": group.name, "name": name}
                ),
                body=lambda: "\n".join(
                    [
                        _(
                            "%(name)s (%(email)s) wrote to %(group)s through the network's site. "
                            "Reply to this email to answer them."
                        )
                        % {"name": name, "email": email, "group": group.name},
                        "",
                        message,
                    ]
                ),
                reply_to=email,
            )
