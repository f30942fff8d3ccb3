"""Who may see or run a group's activities. Views never fetch a meeting any other way.

A group's members see all its meetings; the contacts of a partner linked to the
group see the meetings that belong to their link; organisers and coordinators
change them. Another group's organiser and another partner's contact get 404,
anyone else without the right 403.
"""

from typing import NoReturn

import rules
from django.db.models import QuerySet
from django.http import Http404

from twinning.accounts.access import is_coordinator
from twinning.activities.models import (
    Appeal,
    CalendarFeed,
    CampaignContact,
    Donation,
    Meeting,
    Participant,
    PublicMeeting,
    Transfer,
    Visit,
    VisitDay,
    VisitPhoto,
)
from twinning.core.access import may, refuse, require
from twinning.directory.access import (
    get_group_for_user,
    is_group_member,
    is_group_organiser,
    organises_any_group,
    partners_spoken_for,
    speaks_for_any_partner,
)
from twinning.directory.models import Group, Link
from twinning.directory.models.links import LinkStatus


@rules.predicate
def speaks_for_a_linked_partner(user, group: Group) -> bool:
    """A contact of a partner that has a link with `group` that has not ended."""
    if not user.is_authenticated:
        return False
    partner_ids = partners_spoken_for(user)
    return (
        bool(partner_ids)
        and Link.objects.filter(group=group, partner_id__in=partner_ids)
        .exclude(status=LinkStatus.ENDED)
        .exists()
    )


__all__ = ["is_group_member", "is_group_organiser", "speaks_for_a_linked_partner"]


def may_run_activities(user, group: Group) -> bool:
    """The group's organisers and the coordinators schedule, record and change its activities."""
    return may(user, "activities.change_activities", group)


def may_see_all_activities(user, group: Group) -> bool:
    """The group's own side (its members and organisers) and the coordinators see all of its
    activities."""
    return may(user, "activities.view_activities", group)


def may_see_joint_activities(user, group: Group) -> bool:
    """The contacts of a partner linked to the group see what belongs to their link."""
    return may(user, "activities.view_joint_activities", group)


def may_see_link_health(user) -> bool:
    """The coordinators see the links gone quiet across the network."""
    return may(user, "activities.view_link_health")


def may_see_activities(user, group: Group) -> bool:
    """Whether `user` sees any of the group's activities (all of them, or the joint ones)."""
    return may_see_all_activities(user, group) or may_see_joint_activities(user, group)


def _refuse(user, *, sees: bool) -> NoReturn:
    """Refuse what `user` asked of a group's activities: 403 to whoever sees some of them
    (`sees`) and to a person of no group or partner; 404 to another tenant (another group's
    organiser or another partner's contact), to whom the group's private side is not
    confirmed to exist, and to anyone signed out."""
    refuse(
        user, hide=lambda: not sees and (organises_any_group(user) or speaks_for_any_partner(user))
    )


def _seen(records: QuerySet, user, group: Group) -> QuerySet:
    """Those of `group`'s `records` (its meetings, visits or appeals) that `user` may see: all
    for the group's own side, those along their link for a linked partner's contacts, none for
    anyone else."""
    if may_see_all_activities(user, group):
        return records
    if may_see_joint_activities(user, group):
        return records.joint_with(partners_spoken_for(user))
    return records.none()


def meetings_for(user, group: Group) -> QuerySet[Meeting]:
    """The meetings of `group` that `user` may see (none for a stranger)."""
    return _seen(group.meetings.all(), user, group)


def get_activities_group_for_user(user, slug: str, *, write: bool = False) -> Group:
    """The group at `slug`, for someone who may see its activities (`write`: run them)."""
    group = get_group_for_user(user, slug)
    if may_run_activities(user, group):
        return group
    sees = may_see_activities(user, group)
    if sees and not write:
        return group
    _refuse(user, sees=sees)


def get_meeting_for_user(user, group: Group, pk: int, *, write: bool = False) -> Meeting:
    """One of `group`'s meetings that `user` may see; with `write`, only for its organisers."""
    meeting = meetings_for(user, group).for_page().filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if write:
        require(user, "activities.change_activities", group)
    return meeting


def get_feed_by_token(group_slug: str, token: str) -> CalendarFeed:
    """A calendar address: the token is the credential, and it works only while its person
    may still see the group's meetings."""
    feed = (
        CalendarFeed.objects.select_related("group", "user")
        .filter(token=token, group__slug=group_slug)
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    if not may_see_activities(feed.user, feed.group):
        refuse(feed.user, hide=True)  # the address died with the right
    return feed


def visits_for(user, group: Group) -> QuerySet[Visit]:
    """The visits of `group` that `user` may see (none for a stranger)."""
    return _seen(group.visits.all(), user, group)


def get_visit_for_user(user, group: Group, pk: int, *, write: bool = False) -> Visit:
    """One of `group`'s visits that `user` may see; with `write`, only for its organisers."""
    visit = visits_for(user, group).for_page().filter(pk=pk).first()
    if visit is None:
        raise Http404
    if write:
        require(user, "activities.change_activities", group)
    return visit


def get_public_report(group: Group, pk: int) -> Visit:
    """A visit whose report its organisers made public."""
    visit = group.visits.reported_publicly().for_page().filter(pk=pk).first()
    if visit is None:
        raise Http404
    return visit


def get_participant_for_user(user, visit: Visit, pk: int) -> Participant:
    """Someone on a visit, for those who run it (the caller checked `write`)."""
    participant = visit.participants.select_related("user").filter(pk=pk).first()
    if participant is None:
        raise Http404
    return participant


def get_day_for_user(user, visit: Visit, pk: int) -> VisitDay:
    day = visit.itinerary.filter(pk=pk).first()
    if day is None:
        raise Http404
    return day


def get_visit_photo_for_user(user, visit: Visit, pk: int) -> VisitPhoto:
    """A photo of a visit's report, for those who run the visit (the caller checked `write`)."""
    photo = visit.photos.without_images().filter(pk=pk).first()
    if photo is None:
        raise Http404
    return photo


def get_photo_for_user(user, group: Group, visit_pk: int, pk: int) -> VisitPhoto:
    """A report's photo: for those who may see the visit, or anyone once the report is public."""
    photo = (
        VisitPhoto.objects.filter(pk=pk, visit__pk=visit_pk, visit__group=group)
        .select_related("visit")
        .first()
    )
    if photo is None:
        raise Http404
    if photo.visit.report_public:
        return photo
    if not visits_for(user, group).filter(pk=visit_pk).exists():
        refuse(user, hide=True)  # not confirmed to exist
    return photo


def may_see_every_name(user) -> bool:
    """Coordinators see the names of everyone on a group's meeting lists, the partner's side
    included; everyone else sees their own side's."""
    return is_coordinator(user)


def may_see_passports(user, group: Group) -> bool:
    """Passport details are for the group's organisers alone (not even coordinators)."""
    return may(user, "activities.see_passports", group)


def appeals_for(user, group: Group) -> QuerySet[Appeal]:
    """The appeals of `group` that `user` may see: members all, the partner's contacts those
    for their partner."""
    return _seen(group.appeals.all(), user, group)


def get_appeal_for_user(user, group: Group, pk: int, *, write: bool = False) -> Appeal:
    appeal = appeals_for(user, group).for_page().filter(pk=pk).first()
    if appeal is None:
        raise Http404
    if write:
        require(user, "activities.change_activities", group)
    return appeal


def get_public_appeal(group: Group, pk: int) -> Appeal:
    appeal = group.appeals.public().for_page().filter(pk=pk).first()
    if appeal is None:
        raise Http404
    return appeal


def get_entry_for_user(user, appeal: Appeal, kind: str, pk: int) -> Donation | Transfer:
    """A donation or a transfer of an appeal, for those who run it (the caller checked)."""
    entries = {"donations": appeal.donations, "sent": appeal.transfers}.get(kind)
    entry = entries.filter(pk=pk).first() if entries is not None else None
    if entry is None:
        raise Http404
    return entry


def may_confirm_arrival(user, appeal: Appeal) -> bool:
    """Money sent is confirmed by the side receiving it: the contacts of the appeal's partner
    (and the coordinators)."""
    return is_coordinator(user) or (
        appeal.link is not None and appeal.link.partner_id in partners_spoken_for(user)
    )


def get_transfer_to_confirm(user, group: Group, appeal_pk: int, pk: int) -> Transfer:
    """Money sent, for the receiving partner's contacts (and coordinators) to confirm."""
    appeal = get_appeal_for_user(user, group, appeal_pk)
    transfer = appeal.transfers.filter(pk=pk).first()
    if transfer is None:
        raise Http404
    if not may_confirm_arrival(user, appeal):
        refuse(user)
    return transfer


def get_group_own_for_user(user, slug: str, *, write: bool = False) -> Group:
    """The group at `slug`, for what is its own alone (its campaign contacts): its members
    see it, its organisers change it; a linked partner's contacts are refused (403)."""
    group = get_group_for_user(user, slug)
    if may_run_activities(user, group):
        return group
    if not write and may_see_all_activities(user, group):
        return group
    _refuse(user, sees=may_see_activities(user, group))


def get_contact_for_user(user, group: Group, pk: int) -> CampaignContact:
    """One of the group's campaign contacts (the caller checked the group)."""
    contact = group.campaign_contacts.filter(pk=pk).first()
    if contact is None:
        raise Http404
    return contact


def get_public_meeting_for_user(
    user, group: Group, pk: int, *, write: bool = False
) -> PublicMeeting:
    """A public meeting: anyone sees one that is listed; its group's members see a cancelled
    one too; its organisers change it."""
    meeting = group.public_meetings.for_page().filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if write and may_run_activities(user, group):
        return meeting
    if write:
        _refuse(user, sees=may_see_activities(user, group))
    if meeting.cancelled_at and not may_see_all_activities(user, group):
        refuse(user, hide=True)  # called off: gone from the public's view
    return meeting
