"""Links between a group and a partner: proposed, moved along their life, kept current."""

import calendar
import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.services import acting_person
from twinning.core.services import audit_log
from twinning.directory.models import Group, Link, LinkStatusChange, Partner, ReviewStatus
from twinning.directory.models.links import NEXT_STATUSES, LinkStatus


def link_propose(
    *,
    actor,
    group: Group,
    partner: Partner,
    kind: str,
    story: str = "",
    status: str = LinkStatus.PROPOSED,
    on=None,
) -> Link:
    """Record a new link between a group and a partner (proposed, or already active)."""
    on = on or timezone.localdate()
    if group.status != ReviewStatus.APPROVED:
        raise ValidationError(_("A group can propose links once a coordinator has approved it."))
    if partner.status != ReviewStatus.APPROVED:
        raise ValidationError(_("This partner is not in the directory yet."))
    with transaction.atomic():
        if Link.objects.live().filter(group=group, partner=partner).exists():
            raise ValidationError(_("This group and this partner are already linked."))
        link = Link.objects.create(
            group=group,
            partner=partner,
            kind=kind,
            story=story,
            status=status,
            started_on=on if status == LinkStatus.ACTIVE else None,
        )
        LinkStatusChange.objects.create(
            link=link, from_status="", to_status=status, on=on, by=acting_person(actor)
        )
        audit_log(
            actor=actor, action="link.created", obj=link, data={"status": status, "kind": kind}
        )
    return link


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quiet_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Links with nothing done since this day are possibly dormant."""
    return months_before(today or timezone.localdate(), settings.TWINNING_DORMANT_AFTER_MONTHS)


def link_note_activity(*, link_id: int, on: datetime.date) -> None:
    """Something was done along a link on `on` (a meeting, a visit, an appeal's entry): it is
    its last activity if none later is known. Activity since the quiet cutoff ends a quiet
    spell, so its nudge is forgotten; an older entry typed in late does not."""
    on = min(on, timezone.localdate())
    changes: dict[str, Any] = {"last_activity_on": on}
    if on >= quiet_cutoff():
        changes["dormancy_nudged_at"] = None
    Link.objects.filter(pk=link_id).filter(
        Q(last_activity_on__isnull=True) | Q(last_activity_on__lt=on)
    ).update(**changes)


def link_set_status(*, actor, link: Link, status: str, reason: str = "", on=None) -> Link:
    """Move a link along its life: proposed → active ⇄ dormant → ended.

    Refuses a step the life of a link does not allow (an ended link stays ended:
    a renewed friendship is a new link), and keeps the step in the link's history.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        link = Link.objects.select_for_update().get(pk=link.pk)
        if status == link.status:
            return link
        if status not in NEXT_STATUSES[LinkStatus(link.status)]:
            raise ValidationError(
                _("A link that is %(current)s cannot become %(next)s.")
                % {"current": link.get_status_display(), "next": LinkStatus(status).label}
            )
        changed = ["status"]
        previous = link.status
        link.status = status
        if status == LinkStatus.ACTIVE and link.started_on is None:
            link.started_on = on
            changed.append("started_on")
        if status == LinkStatus.ACTIVE:
            # (re)activated: a fresh start, not a quiet link to nudge at once
            woke = min(on, timezone.localdate())
            link.last_activity_on = max(filter(None, [link.last_activity_on, woke]))
            link.dormancy_nudged_at = None
            changed += ["last_activity_on", "dormancy_nudged_at"]
        if status == LinkStatus.ENDED:
            link.ended_on = on
            changed.append("ended_on")
        link.save(update_fields=changed)
        LinkStatusChange.objects.create(
            link=link,
            from_status=previous,
            to_status=status,
            on=on,
            reason=reason,
            by=acting_person(actor),
        )
        audit_log(
            actor=actor,
            action="link.status_changed",
            obj=link,
            data={"from": previous, "to": status, "reason": reason},
        )
    return link
