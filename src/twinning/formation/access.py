"""Who may see a registration, a pool or a starter checklist. Registrations are reached only by
the token in their emails (the link is the credential); pools by coordinators."""

from django.http import Http404

from twinning.core.access import may, require
from twinning.directory.access import get_group_for_user
from twinning.directory.models import Group
from twinning.formation.models import Pool, Registration, StarterTask


def get_registration_by_token(token: str) -> Registration:
    registration = Registration.objects.by_token(token).first()
    if registration is None:
        raise Http404
    return registration


def get_pool_for_user(user, pk: int) -> Pool:
    require(user, "formation.manage_pools")
    pool = Pool.objects.for_page().filter(pk=pk).first()
    if pool is None:
        raise Http404
    return pool


def get_checklist_for_user(user, slug: str, *, write: bool = False) -> Group:
    """A group's starter checklist: its members see it, its organisers tick it."""
    return get_group_for_user(user, slug, write=write, members=not write)


def may_tick_tasks(user, group: Group) -> bool:
    """Whether `user` ticks the group's starter checklist: whoever may change the group."""
    return may(user, "directory.change_group", group)


def get_task_for_user(user, group: Group, pk: int) -> StarterTask:
    # through the group, so the task knows its group without reading it again
    task = group.starter_tasks.filter(pk=pk).first()
    if task is None:
        raise Http404
    return task
