"""Registering interest in starting a group, confirming and withdrawing it, pooling people
who live near each other, telling them (only those who agreed) about each other, and turning a
pool into a group with a starter checklist."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.accounts.models import User
from twinning.accounts.services import email_address, email_coordinators
from twinning.core.services import audit_log, emails_forget, site_url
from twinning.directory import services as directory
from twinning.directory.models import Group, GroupInvitation, GroupRole
from twinning.formation import pooling
from twinning.formation.models import Pool, Registration, StarterTask

REGISTRATION_FIELDS = ("name", "email", "place", "group_kind", "gives", "may_introduce", "language")
# Unconfirmed registrations are deleted after this long.
UNCONFIRMED_LIFETIME = datetime.timedelta(days=30)
# An introduction email names at most this many people: enough to start a group or two; the
# coordinators see everyone in the pool.
INTRODUCE_AT_MOST = 20
# A group started from a pool invites at most this many of its people as organisers.
ORGANISERS_AT_MOST = 3
# Public counts leave out pools of fewer people than this: one person near a small place is
# nearly a name.
PUBLIC_COUNT_AT_LEAST = 2
POOLING_LOCK = 7_402_319  # any constant: the advisory lock that serialises pooling


def _send(registration: Registration, subject, body) -> None:
    """Email one registered person in their own language, after the change is saved."""
    email_address(registration.email, language=registration.language, subject=subject, body=body)


def registration_create(*, values: dict[str, Any]) -> Registration:
    """Someone registers interest; they are sent a link to confirm it (and to withdraw it).

    The same form sent again soon (a double click) changes nothing. A form with other answers
    (say, consent withdrawn) is a new registration: it counts once confirmed from the email,
    and then replaces the earlier ones, so no one can change another person's answers by
    typing their address.
    """
    values = {k: v for k, v in values.items() if k in REGISTRATION_FIELDS}
    values["email"] = values["email"].strip().lower()
    with transaction.atomic():
        for recent in Registration.objects.filter(
            email=values["email"], created_at__gt=timezone.now() - directory.RESUBMIT_WINDOW
        ):
            if all(getattr(recent, k) == v for k, v in values.items()):
                return recent
        registration = Registration.objects.create(**values)
        confirm = site_url(reverse("formation:confirm", args=[registration.token]))
        withdraw = site_url(reverse("formation:withdraw", args=[registration.token]))
        _send(
            registration,
            subject=lambda: _("Please confirm: you would like to help start a twinning group"),
            body=lambda: (
                _(
                    "Thank you for offering to help start a twinning group near %(place)s.\n\n"
                    "Please confirm with this link (it works for 30 days):\n%(confirm)s\n\n"
                    "To withdraw and erase your details at any time:\n%(withdraw)s"
                )
                % {"place": registration.place.name, "confirm": confirm, "withdraw": withdraw}
            ),
        )
    return registration


def registration_confirm(*, token: str) -> Registration:
    """The person confirms from the link in their email: this registration replaces any earlier
    one of theirs, and they join the pool near them. Raises Registration.DoesNotExist for a
    token withdrawn or expired meanwhile."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("place").get(token=token)
        )
        if registration.confirmed_at is None:
            registration.confirmed_at = timezone.now()
            registration.save(update_fields=["confirmed_at"])
            for earlier in Registration.objects.filter(email=registration.email).exclude(
                pk=registration.pk
            ):
                _erase(earlier)
        if registration.pool_id is None:
            pools_place([registration])
    return registration


def registration_withdraw(*, token: str) -> None:
    """The person withdraws from the link in their email: their details are erased, with any
    invitation still waiting for them."""
    with transaction.atomic():
        registration = Registration.objects.by_token(token).first()
        if registration is not None:
            _erase(registration)


def _erase(registration: Registration) -> None:
    pool = registration.pool
    if pool is not None and pool.group_id is not None:
        for invitation in GroupInvitation.objects.pending().filter(
            group_id=pool.group_id, email=registration.email
        ):
            directory.invitation_withdraw(actor=None, invitation=invitation)
    if not User.objects.with_email(registration.email).exists():
        # emails not sent yet to someone with no account are theirs alone: erased with them
        emails_forget([registration.email])
    registration.delete()


def registrations_expire(*, now: datetime.datetime | None = None) -> int:
    """Erase registrations never confirmed within UNCONFIRMED_LIFETIME, and those of pools that
    became a group as long ago (their invitations have run their course); how many."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_LIFETIME
    erased = 0
    for registration in Registration.objects.expired(cutoff):
        _erase(registration)
        erased += 1
    return erased


def pools_place(registrations: list[Registration] | None = None) -> int:
    """Put confirmed people not yet in a pool into the pool near them (or a new one), then
    alert about every pool that reached the threshold. Returns how many were placed.

    One transaction, one at a time (two people confirming at once must not both start a pool
    or both miss the threshold); the emails go once it is saved."""
    with transaction.atomic():
        _lock_pooling()
        return _place_in_pools(registrations)


def _lock_pooling() -> None:
    """SQLite writes one transaction at a time already; PostgreSQL takes an advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [POOLING_LOCK])


def _place_in_pools(registrations: list[Registration] | None) -> int:
    if registrations is None:
        waiting = Registration.objects.waiting()
    else:
        waiting = Registration.objects.waiting().filter(pk__in=[r.pk for r in registrations])
    people = list(waiting.values_list("pk", "place__lat", "place__lon", "place_id"))
    if not people:
        return 0
    centres = Pool.objects.forming().values_list("pk", "place__lat", "place__lon")
    assigned, started = pooling.assign(
        [(pk, lat, lon) for pk, lat, lon, _place in people],
        list(centres),
        settings.TWINNING_POOL_RADIUS_KM,
    )
    place_of = {pk: place for pk, _lat, _lon, place in people}
    keys = [key for key, _lat, _lon in started]
    created = Pool.objects.bulk_create([Pool(place_id=place_of[-key]) for key in keys])
    pool_of = {key: pool.pk for key, pool in zip(keys, created, strict=True)}
    members: dict[int, list[int]] = {}
    for person, key in assigned.items():
        members.setdefault(pool_of.get(key, key), []).append(person)
    # one UPDATE per pool (in slices under SQLite's parameter limit), not one per person
    for pool_id, people_ids in members.items():
        for start in range(0, len(people_ids), 900):
            Registration.objects.filter(pk__in=people_ids[start : start + 900]).update(
                pool_id=pool_id
            )
    for registration in registrations or []:
        registration.refresh_from_db(fields=["pool"])
    for pool in Pool.objects.with_place().filter(pk__in=members):
        pool_check(pool)
    return len(people)


def pool_check(pool: Pool) -> bool:
    """Once a pool holds enough confirmed people who agreed to be introduced, tell the
    coordinators (once), and introduce those people to each other: only they are named, and
    the first INTRODUCE_AT_MOST of them. Someone who joins later is introduced then (and the
    others are sent the names again). Returns whether anyone was introduced."""
    agreed = Registration.objects.in_pool(pool).consenting()
    consenting = list(agreed.order_by("pk")[:INTRODUCE_AT_MOST])
    if len(consenting) < settings.TWINNING_POOL_THRESHOLD:
        return False
    if all(person.introduced_at for person in consenting):
        return False
    with transaction.atomic():
        if Pool.objects.filter(pk=pool.pk, alerted_at__isnull=True).update(
            alerted_at=timezone.now()
        ):
            total = Registration.objects.in_pool(pool).count()
            count = agreed.count()
            url = site_url(reverse("formation:pool", args=[pool.pk]))
            email_coordinators(
                subject=lambda: (
                    _("Enough people to start a group near %(place)s") % {"place": pool.place.name}
                ),
                body=lambda: (
                    ngettext(
                        "%(total)d person near %(place)s would like to start a twinning group; "
                        "%(consenting)d agreed to be introduced to others.\n%(url)s",
                        "%(total)d people near %(place)s would like to start a twinning group; "
                        "%(consenting)d agreed to be introduced to each other.\n%(url)s",
                        total,
                    )
                    % {"total": total, "consenting": count, "place": pool.place.name, "url": url}
                ),
            )
            audit_log(actor=None, action="pool.alerted", obj=pool, data={"people": total})
        for person in consenting:
            others = "\n".join(
                f"- {other.name} <{other.email}>" for other in consenting if other.pk != person.pk
            )
            _send(
                person,
                subject=lambda: _("Neighbours who would like to start a twinning group with you"),
                body=lambda others=others, place=pool.place.name: (
                    _(
                        "These people near %(place)s would also like to start a twinning group, "
                        "and agreed, as you did, to be introduced:\n%(others)s\n\n"
                        "Why not meet? The network's coordinators will be in touch to help."
                    )
                    % {"place": place, "others": others}
                ),
            )
        Registration.objects.filter(pk__in=[p.pk for p in consenting]).update(
            introduced_at=timezone.now()
        )
    return True


def pools_recheck() -> int:
    """Check every pool not yet a group again (the daily command): how many introduced."""
    return sum(pool_check(pool) for pool in Pool.objects.forming().with_place())


def pool_start_group(*, actor, pool: Pool, name: str, kind: str, accept_url) -> Group:
    """A coordinator turns a pool into a group. Those who agreed to be introduced are invited
    (the first few as organisers, so the others are seen only by people they agreed to meet);
    those who did not are told the group's public page, and no one is told who they are. The
    group gets its starter checklist."""
    with transaction.atomic():
        pool = Pool.objects.select_for_update().with_place().get(pk=pool.pk)
        if pool.group_id is not None:
            raise ValidationError(_("A group was already started from these people."))
        people = list(Registration.objects.in_pool(pool).order_by("pk"))
        invited = [p for p in people if p.may_introduce][:INTRODUCE_AT_MOST]
        if not invited:
            raise ValidationError(
                _("No one here agreed to be introduced: a group cannot be started with them.")
            )
        group = directory.group_start(
            actor=actor, values={"name": name, "kind": kind, "place": pool.place}
        )
        pool.group = group
        pool.save(update_fields=["group"])
        organisers = min(ORGANISERS_AT_MOST, max(1, len(invited) // 2))
        for number, person in enumerate(invited):
            role = GroupRole.Role.ORGANISER if number < organisers else GroupRole.Role.MEMBER
            with translation.override(person.language):
                directory.group_invite(
                    actor=actor, group=group, email=person.email, role=role, accept_url=accept_url
                )
        page = site_url(group.get_absolute_url())
        for person in people:
            if person in invited:
                continue
            _send(
                person,
                subject=lambda: _("A twinning group has started near you"),
                body=lambda page=page, group_name=group.name: (
                    _(
                        "%(group)s has just started near you, with people who, like you, wanted a "
                        "group. You are welcome to join: %(url)s"
                    )
                    % {"group": group_name, "url": page}
                ),
            )
        checklist_start(group=group)  # (a new group has it already: this changes nothing)
        audit_log(actor=actor, action="pool.group_started", obj=pool, data={"group": group.pk})
    return group


def checklist_start(*, group: Group) -> bool:
    """Give a group the steps of the starter checklist it does not have yet; say whether it
    had none. Every group gets it when it is made; an older group gets it when asked."""
    missing = set(StarterTask.Task.values) - set(group.starter_tasks.values_list("task", flat=True))
    StarterTask.objects.bulk_create(
        [
            StarterTask(group=group, task=task)
            for task in StarterTask.Task.values
            if task in missing
        ],
        ignore_conflicts=True,  # the same steps, added at the same moment
    )
    return len(missing) == len(StarterTask.Task.values)


def task_set_done(*, actor, task: StarterTask, done: bool) -> StarterTask:
    """An organiser ticks a step of the starter checklist (or unticks it)."""
    with transaction.atomic():
        task.done_at = timezone.now() if done else None
        task.done_by = actor if done else None
        task.save(update_fields=["done_at", "done_by"])
        audit_log(
            actor=actor,
            action="group.checklist",
            obj=task.group,
            data={"task": task.task, "done": done},
        )
    return task


def pool_counts() -> list[dict[str, Any]]:
    """For the public page: how many confirmed people are in each pool not yet a group, and
    near which place. Counts only: never names."""
    return list(Pool.objects.for_public_page(at_least=PUBLIC_COUNT_AT_LEAST)[:50])


def personal_data(user) -> dict[str, Any]:
    """Registrations of interest made with this person's email address."""
    return {
        "registrations": [
            {
                "name": r.name,
                "place": r.place.name,
                "may_introduce": r.may_introduce,
                "created_at": r.created_at.isoformat(),
                "confirmed_at": r.confirmed_at.isoformat() if r.confirmed_at else None,
            }
            for r in Registration.objects.made_with(user.email)
        ]
    }


def personal_data_erase(user) -> None:
    for registration in Registration.objects.made_with(user.email):
        _erase(registration)
