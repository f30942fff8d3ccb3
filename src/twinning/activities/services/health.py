"""Link health: the last thing done along each link, the links gone quiet, and a friendly
nudge to their organisers."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.services import email_coordinators, email_people
from twinning.core.contributions import LINK_ACTIVITY
from twinning.core.services import audit_log, site_url
from twinning.directory.models import GroupRole, Link
from twinning.directory.services import link_note_activity, months_before, quiet_cutoff

__all__ = [
    "link_note_activity",
    "links_nudge_quiet",
    "months_before",
    "quiet_cutoff",
    "quiet_links",
]


def quiet_links(cutoff: datetime.date | None = None) -> QuerySet[Link]:
    """Active links with nothing done along them since `cutoff` and nothing planned or under
    way: whatever the apps count as activity along a link (`core.contributions.LINK_ACTIVITY`:
    here a joint meeting or a visit from the cutoff on, even if planned long ago)."""
    cutoff = cutoff or quiet_cutoff()
    quiet = Link.objects.quiet_since(cutoff)
    for measure in LINK_ACTIVITY:
        quiet = quiet.exclude(Exists(measure.value(cutoff)))
    return quiet


def links_with_nothing_recorded(cutoff: datetime.date | None = None) -> QuerySet[Link]:
    """Listed active links with no activity recorded at all, added to the platform since
    `cutoff` (so not yet counted as quiet): an imported network's links, until something is
    recorded along them. Oldest first."""
    cutoff = cutoff or quiet_cutoff()
    return Link.objects.filter(
        status="active", listed=True, last_activity_on__isnull=True, created_at__date__gte=cutoff
    ).order_by("created_at", "pk")


def _nudge_body(link: Link) -> str:
    ideas = [
        _("Write a letter or send photos to your partner: what has happened this year?"),
        _("Hold a joint online meeting; the platform shows it in both countries' time."),
        _("Hold a public meeting with a speaker from your partner's community."),
        _("Open a small appeal for a project your partner names."),
        _("Ask the network's coordinators for ideas, or for help finding new members."),
    ]
    return "\n".join(
        [
            _(
                "Nothing has been recorded along the link between %(group)s and its partner "
                "for %(months)d months. Links go quiet for many reasons; here are some ways "
                "groups have brought theirs back to life:"
            )
            % {"group": link.group.name, "months": settings.TWINNING_DORMANT_AFTER_MONTHS},
            "",
            *[f"- {idea}" for idea in ideas],
            "",
            _(
                "If the link has paused, or has ended, you can say so, with a reason, on its "
                "page: %(url)s"
            )
            % {"url": site_url(link.get_absolute_url())},
        ]
    )


def links_nudge_quiet(*, today: datetime.date | None = None) -> int:
    """Email the organisers of each active link gone quiet (once per quiet spell: the next
    activity clears the nudge); how many links."""
    now = timezone.now()
    cutoff = quiet_cutoff(today)
    quiet = quiet_links(cutoff).filter(dormancy_nudged_at__isnull=True).select_related("group")
    nudged = 0
    for link in quiet:
        with transaction.atomic():
            # still quiet and not yet nudged: an activity or another run may have come between
            claimed = (
                quiet_links(cutoff)
                .filter(pk=link.pk, dormancy_nudged_at__isnull=True)
                .update(dormancy_nudged_at=now)
            )
            if not claimed:
                continue
            organisers = [
                role.user
                for role in GroupRole.objects.filter(
                    group_id=link.group_id, role=GroupRole.Role.ORGANISER
                ).select_related("user")
            ]
            message = {
                "subject": lambda link=link: (
                    _("Is your twinning link still alive? %(group)s") % {"group": link.group.name}
                ),
                "body": lambda link=link: _nudge_body(link),
            }
            if any(person.is_active for person in organisers):
                email_people(organisers, **message)
            else:  # no one to nudge: the coordinators should know
                email_coordinators(**message)
            audit_log(actor=None, action="link.quiet_nudged", obj=link)
            nudged += 1
    return nudged
