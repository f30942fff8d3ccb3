"""Links between a group and a partner: proposed, moved along their life, kept current."""

import calendar
import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twinning.accounts.services import acting_person, email_coordinators, email_people
from twinning.core.services import audit_log, site_url
from twinning.directory.models import (
    Group,
    Link,
    LinkStatusChange,
    Partner,
    ReviewStatus,
)
from twinning.directory.models.links import NEXT_STATUSES, LinkStatus
from twinning.directory.services.shared import group_organisers


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
    """Record a new link between a group and a partner (proposed, or already active).

    A proposal asks the partner's contacts for their yes and tells the coordinators (who say
    yes for a partner that has no contacts on the platform)."""
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
        if status == LinkStatus.PROPOSED:
            _ask_for_a_yes(link)
    return link


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _contacts(partner: Partner):
    return get_user_model().objects.filter(partner_contacts__partner=partner)


def _ask_for_a_yes(link: Link) -> None:
    """A group proposed `link`: its partner's contacts are asked to say yes or no, and the
    coordinators are told (asked to speak for a partner with no contacts)."""
    url = site_url(link.get_absolute_url())
    group, partner = link.group, link.partner
    contacts = list(_contacts(partner))
    email_people(
        contacts,
        subject=lambda: (
            _("%(group)s would like to twin with %(partner)s")
            % {"group": group.name, "partner": partner.display_name(_language())}
        ),
        body=lambda: (
            _(
                "%(group)s has proposed a link with %(partner)s. Please say on the link's page "
                "whether you agree. The link joins the network's public list only when you "
                "say yes.\n%(url)s"
            )
            % {"group": group.name, "partner": partner.display_name(_language()), "url": url}
        ),
    )

    def for_coordinators() -> str:
        if contacts:
            waiting = _("The partner's contacts have been asked to say yes or no.")
        else:
            waiting = _(
                "The partner has no contacts on the platform: please ask them, and say yes or "
                "no for them on the link's page."
            )
        return f"{waiting}\n{url}"

    email_coordinators(
        subject=lambda: (
            _("A link is proposed: %(group)s and %(partner)s")
            % {"group": group.name, "partner": partner.public_label(_language())}
        ),
        body=for_coordinators,
    )


def _tell_the_group(link: Link, *, actor, reason: str) -> None:
    """The partner's side answered `link`'s proposal: the group's organisers hear of it (and
    the partner's contacts, when someone else closed it)."""
    url = site_url(link.get_absolute_url())
    group, partner = link.group, link.partner
    if link.status == LinkStatus.ACTIVE:
        email_people(
            group_organisers(group),
            subject=lambda: (
                _("%(partner)s said yes: your link is active")
                % {"partner": partner.public_label(_language())}
            ),
            body=lambda: (
                _(
                    "%(partner)s agreed to the link with %(group)s. It is now on the network's "
                    "list of who is twinned with whom.\n%(url)s"
                )
                % {"partner": partner.public_label(_language()), "group": group.name, "url": url}
            ),
        )
        return
    others = [
        person
        for person in [*group_organisers(group), *_contacts(partner)]
        if acting_person(actor) is None or person.pk != actor.pk
    ]
    email_people(
        others,
        subject=lambda: (
            _("The proposed link between %(group)s and %(partner)s is closed")
            % {"group": group.name, "partner": partner.public_label(_language())}
        ),
        body=lambda: "\n".join(
            [
                _("The proposal will not become a link.")
                + (" " + _("Reason given: %(reason)s") % {"reason": reason} if reason else ""),
                url,
            ]
        ),
    )


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


def link_set_status(
    *, actor, link: Link, status: str, reason: str = "", on=None, tell: bool = True
) -> Link:
    """Move a link along its life: proposed → active ⇄ dormant → ended.

    Refuses a step the life of a link does not allow (an ended link stays ended:
    a renewed friendship is a new link), and keeps the step in the link's history. Who may
    take which step (`WHO_MAY_MOVE`) is asked by the views, in `directory.access`. An answer
    to a proposal is emailed to the group's organisers unless `tell` is False (an
    introduction tells both sides itself).
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
        if tell and previous == LinkStatus.PROPOSED:
            _tell_the_group(link, actor=actor, reason=reason)
    return link
