"""Who may see or run a group's activities. Views never fetch a meeting any other way.

A group's members see all its meetings; the contacts of a partner linked to the
group see the meetings that belong to their link; organisers and coordinators
change them. Another group's organiser and another partner's contact get 404,
anyone else without the right 403.
"""

from typing import NoReturn

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from twinning.activities.models import CalendarFeed, Meeting
from twinning.directory.access import (
    get_group_for_user,
    is_group_member,
    is_group_organiser,
    organises_any_group,
    partners_spoken_for,
    speaks_for_any_partner,
)
from twinning.directory.models import Group, Link


@rules.predicate
def speaks_for_a_linked_partner(user, group: Group) -> bool:
    """A contact of a partner that has a link (of any status) with `group`."""
    if not user.is_authenticated:
        return False
    partner_ids = partners_spoken_for(user)
    return (
        bool(partner_ids) and Link.objects.filter(group=group, partner_id__in=partner_ids).exists()
    )


__all__ = ["is_group_member", "is_group_organiser", "speaks_for_a_linked_partner"]


def meetings_for(user, group: Group) -> QuerySet[Meeting]:
    """The meetings of `group` that `user` may see (none for a stranger)."""
    meetings = Meeting.objects.filter(group=group)
    if user.has_perm("activities.view_activities", group):
        return meetings
    if user.has_perm("activities.view_joint_activities", group):
        return meetings.filter(link__partner_id__in=partners_spoken_for(user))
    return meetings.none()


def _refuse(user) -> NoReturn:
    if organises_any_group(user) or speaks_for_any_partner(user):
        raise Http404  # another tenant: the group's private side is not confirmed to exist
    raise PermissionDenied


def get_activities_group_for_user(user, slug: str, *, write: bool = False) -> Group:
    """The group at `slug`, for someone who may see its activities (`write`: run them)."""
    group = get_group_for_user(user, slug)
    if not user.is_authenticated:
        raise Http404
    if user.has_perm("activities.change_activities", group):
        return group
    sees = user.has_perm("activities.view_activities", group) or user.has_perm(
        "activities.view_joint_activities", group
    )
    if sees and not write:
        return group
    if sees:
        raise PermissionDenied  # sees them, does not run them
    _refuse(user)


def get_meeting_for_user(user, group: Group, pk: int, *, write: bool = False) -> Meeting:
    """One of `group`'s meetings that `user` may see; with `write`, only for its organisers."""
    meeting = (
        meetings_for(user, group)
        .select_related("group", "link__partner__place", "created_by")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    if write and not user.has_perm("activities.change_activities", group):
        raise PermissionDenied
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
    if not (
        feed.user.has_perm("activities.view_activities", feed.group)
        or feed.user.has_perm("activities.view_joint_activities", feed.group)
    ):
        raise Http404
    return feed
