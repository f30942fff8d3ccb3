"""What the parts of the directory's services share: comparing a form with what is saved,
making web addresses, recognising a form sent twice, telling coordinators."""

import datetime
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils.text import slugify

from twinning.accounts.services import email_coordinators
from twinning.core.services import email_queue
from twinning.directory.models import Group


def changed_fields(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value in `values` differs from `obj`'s, as [old, new]."""
    return {
        field: [getattr(obj, field), value]
        for field, value in values.items()
        if getattr(obj, field) != value
    }


def set_interests(obj, interests) -> bool:
    """Replace the interests of a group or partner; say whether they changed."""
    if interests is None:
        return False
    new = {interest.pk for interest in interests}
    if new == set(obj.interests.values_list("pk", flat=True)):
        return False
    obj.interests.set(new)
    return True


# Words of the directory's own addresses (groups/new/, groups/pending/…), never a slug.
RESERVED_SLUGS = {"new", "pending", "import"}


def unique_slug(name: str, *, model=Group) -> str:
    """A web address made from `name` that no other `model` has (nor a page's own word)."""
    return unique_slugs([name], model=model)[0]


def unique_slugs(names: list[str], *, model=Group) -> list[str]:
    """Web addresses made from `names`, taken by no other `model` nor twice among them
    ("leeds", then "leeds-2"…), in one or two queries however many names."""
    bases = [slugify(name)[:60] or model._meta.model_name for name in names]
    taken = set(model.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    again = {base for base, n in Counter(bases).items() if n > 1}
    again |= {base for base in bases if base in taken or base in RESERVED_SLUGS}
    if again:
        numbered = Q()
        for base in again:
            numbered |= Q(slug__startswith=f"{base}-")
        taken |= set(model.objects.filter(numbered).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in RESERVED_SLUGS or slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


# How long a second identical proposal counts as the same form sent again.
RESUBMIT_WINDOW = datetime.timedelta(hours=1)


def same_submission(candidates, values: dict[str, Any], interests):
    """The earlier proposal that this one repeats field for field, if any: a form sent
    twice. A proposal that differs in anything (a box ticked on the second try, another
    place for the same name) is a new one."""
    wanted = {interest.pk for interest in interests or []}
    for candidate in candidates:
        same_fields = not changed_fields(candidate, {**values, "name": candidate.name})
        if same_fields and set(candidate.interests.values_list("pk", flat=True)) == wanted:
            return candidate
    return None


def send_after_commit(subject: str, body: str, email: str) -> None:
    """Queue one email, sent once the change commits (an undone change sends nothing)."""
    email_queue(to=[email], subject=subject, body=body)


def group_organisers(group: Group) -> list:
    """The people who organise `group`."""
    return [role.user for role in group.roles.organisers().with_people()]


def tell_coordinators(*, subject: Callable[[], str], body: Callable[[], str]) -> None:
    email_coordinators(subject=subject, body=body)
