"""Calendar addresses die with the right to see the meetings: a person who leaves a group, or
stops speaking for its partner, and later comes back gets a new address, not the old one."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from twinning.activities.access import may_see_activities
from twinning.activities.models import CalendarFeed
from twinning.directory.access import forget_roles
from twinning.directory.models import GroupRole, PartnerContact


@receiver(post_delete, sender=GroupRole)
def _left_a_group(sender, instance: GroupRole, **kwargs) -> None:
    _drop_feeds(instance.user_id)


@receiver(post_delete, sender=PartnerContact)
def _stopped_speaking_for_a_partner(sender, instance: PartnerContact, **kwargs) -> None:
    _drop_feeds(instance.user_id)


def _drop_feeds(user_id: int) -> None:
    for feed in CalendarFeed.objects.filter(user_id=user_id).select_related("group", "user"):
        person = feed.user
        forget_roles(person)
        if not may_see_activities(person, feed.group):
            feed.delete()
