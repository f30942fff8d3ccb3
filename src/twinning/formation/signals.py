"""Every new group gets its starter checklist, however it is made (added by a member, started
from a pool by a coordinator)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from twinning.directory.models import Group


@receiver(post_save, sender=Group, dispatch_uid="formation.checklist_for_new_group")
def give_a_new_group_its_checklist(sender, instance: Group, created: bool, raw=False, **kwargs):
    if created and not raw:
        from twinning.formation.services import checklist_start

        checklist_start(group=instance)
