"""What the directory adds to the shared pages: the network today (its counts and the map of
who is twinned with whom) on the home page, its own links on a group's and a partner's page,
and its entries of the menu (`core.contributions`)."""

from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from twinning.core.contributions import (
    BOARD,
    ERASURE,
    GROUP_ACTIONS,
    HOME,
    MENU,
    PARTNER_ACTIONS,
    PERSON_HOME,
    WAITING_FOR_ME,
    Action,
    MenuItem,
    Section,
    Task,
    Waiting,
)
from twinning.core.text import sentence


def network_counts() -> dict[str, int]:
    """The public directory's links, groups, partners and the places they join: counted once
    per change of the directory (its revision), then read from the shared cache."""
    from twinning.core.services import revision_number
    from twinning.directory.models import Group, Link, Partner

    key = f"directory:network-counts:{revision_number('directory')}"
    counts = cache.get(key)
    if counts is None:
        links = Link.objects.public()
        counts = {
            "links": links.count(),
            "groups": Group.objects.approved().count(),
            "partners": Partner.objects.approved().count(),
            "places": links.places_twinned(),
        }
        cache.set(key, counts, timeout=24 * 3600)
    return counts


def _network_today(request, obj=None) -> dict:
    return {"network": network_counts()}


def _links_waiting(request, obj=None) -> dict | None:
    """On the introductions board: how many proposed links wait for the partner's yes."""
    from twinning.directory.access import may_review
    from twinning.directory.models import Link

    if not may_review(request.user):
        return None
    count = Link.objects.filter(status="proposed").count()
    return {"links_waiting": count} if count else None


def _mine(request, user) -> dict | None:
    """On a person's home: the groups they belong to (and their role), the partners they speak
    for, and their groups' proposals still waiting for a yes; for someone in none, where to
    start (not for coordinators, whose work is the network's)."""
    from twinning.directory.access import group_roles, may_review
    from twinning.directory.models import GroupRole, Link, Partner

    roles = list(GroupRole.objects.filter(user=user).with_groups().order_by("group__name"))
    partners = list(Partner.objects.filter(contacts__user=user).order_by("name"))
    if not roles and not partners and may_review(user):
        return None
    organised = [g for g, role in group_roles(user).items() if role == GroupRole.Role.ORGANISER]
    return {
        "my_roles": roles,
        "my_partners": partners,
        "my_proposals": list(Link.objects.waiting_for_a_yes().filter(group_id__in=organised)),
        "language": get_language(),
    }


def _links_to_answer(user) -> list[Task]:
    """Proposed links with a partner the person speaks for: theirs to say yes or no to."""
    from twinning.directory.access import partners_spoken_for
    from twinning.directory.models import Link

    partners = partners_spoken_for(user)
    if not partners:
        return []
    language = get_language()
    return [
        Task(
            sentence(
                gettext("Say yes or no: %(group)s would like to twin with %(partner)s"),
                group=link.group.name,
                partner=link.partner.display_name(language),
            ),
            link.get_absolute_url(),
            timezone.localdate(link.created_at),
        )
        for link in Link.objects.waiting_for_a_yes().filter(partner_id__in=partners)
    ]


def _invitations_to_answer(user) -> list[Task]:
    """Invitations to join a group sent to one of the person's confirmed addresses (an
    invitation is not lost when they sign up before following its link)."""
    from django.db.models.functions import Lower

    from twinning.accounts.access import verified_addresses
    from twinning.directory.models import GroupInvitation

    invitations = (
        GroupInvitation.objects.pending()
        .annotate(address=Lower("email"))
        .filter(address__in=verified_addresses(user))
        .select_related("group")
        .order_by("created_at")
    )
    return [
        Task(
            sentence(
                gettext("Accept or decline the invitation to join %(group)s"),
                group=invitation.group.name,
            ),
            reverse("directory:invitation", args=[invitation.token]),
            timezone.localdate(invitation.created_at),
        )
        for invitation in invitations
    ]


def _groups_left_without_organiser(request, user) -> dict | None:
    """On the erasure page: the groups the person is the only organiser of, which erasing
    leaves with none (erasure is a right, so it is not refused)."""
    from django.db.models import Count, Q

    from twinning.directory.models import Group, GroupRole

    organiser = Q(roles__role=GroupRole.Role.ORGANISER)
    alone = list(
        Group.objects.filter(roles__user=user, roles__role=GroupRole.Role.ORGANISER)
        .annotate(organisers=Count("roles", filter=organiser, distinct=True))
        .filter(organisers=1)
        .order_by("name")
    )
    return {"alone_in": alone} if alone else None


def _people_asking_to_join(user) -> list[Task]:
    """For a group's organisers: the people asking to join it."""
    from django.db.models import Count

    from twinning.directory.access import group_roles
    from twinning.directory.models import Group, GroupRole

    organised = [pk for pk, role in group_roles(user).items() if role == GroupRole.Role.ORGANISER]
    if not organised:
        return []
    groups = (
        Group.objects.filter(pk__in=organised)
        .annotate(asking=Count("join_requests", filter=models.Q(join_requests__status="waiting")))
        .filter(asking__gt=0)
        .order_by("name")
    )
    return [
        Task(
            sentence(
                ngettext(
                    "Answer %(count)s person asking to join %(group)s",
                    "Answer %(count)s people asking to join %(group)s",
                    group.asking,
                )
                % {"count": group.asking, "group": "%(group)s"},  # the name is isolated below
                group=group.name,
            ),
            reverse("directory:group_members", args=[group.slug]) + "#asking-to-join",
        )
        for group in groups
    ]


def _reviews_to_do(user) -> list[Task]:
    """For coordinators: the groups and partners waiting for review, and the proposed links
    of partners with no contacts, which a coordinator answers."""

    from twinning.directory.access import may_review
    from twinning.directory.models import Group, Link, Partner

    if not may_review(user):
        return []
    queue = reverse("directory:review_queue")
    tasks = []
    waiting = (
        Group.objects.waiting_for_review().count() + Partner.objects.waiting_for_review().count()
    )
    if waiting:
        tasks.append(
            Task(
                ngettext(
                    "Review %(count)s group or partner added to the directory",
                    "Review %(count)s groups and partners added to the directory",
                    waiting,
                )
                % {"count": waiting},
                queue,
            )
        )
    no_contacts = Link.objects.waiting_for_a_yes().filter(has_contacts=False).count()
    if no_contacts:
        tasks.append(
            Task(
                ngettext(
                    "Answer %(count)s proposed link for a partner with no contacts",
                    "Answer %(count)s proposed links for partners with no contacts",
                    no_contacts,
                )
                % {"count": no_contacts},
                f"{queue}#proposed-links",
            )
        )
    return tasks


def register() -> None:
    HOME.add(Section("directory.network", "directory/_home_network.html", _network_today, 10))
    MENU.add(
        MenuItem(
            "directory.overview", _("Who is twinned with whom"), "directory:overview", order=5
        ),
        MenuItem("directory.groups", _("Groups"), "directory:groups", order=10),
        MenuItem("directory.partners", _("Partners"), "directory:partners", order=20),
        MenuItem(
            "directory.review",
            _("Waiting for review"),
            "directory:review_queue",
            "directory.review_groups",
            65,
        ),
    )
    PERSON_HOME.add(Section("directory.mine", "directory/_person_home.html", _mine, 10))
    ERASURE.add(
        Section(
            "directory.last_organiser",
            "directory/_erasure_last_organiser.html",
            _groups_left_without_organiser,
        )
    )
    WAITING_FOR_ME.add(
        Waiting("directory.invitations", _invitations_to_answer, 10),
        Waiting("directory.links_to_answer", _links_to_answer, 20),
        Waiting("directory.asking_to_join", _people_asking_to_join, 25),
        Waiting("directory.reviews", _reviews_to_do, 90),
    )
    BOARD.add(
        Section("directory.links_waiting", "directory/_board_links_waiting.html", _links_waiting)
    )
    private, change = "directory.view_group_private", "directory.change_group"
    GROUP_ACTIONS.add(
        Action("directory.members", _("Members' area"), "directory:group_members", private, 10),
        Action("directory.edit", _("Edit the group"), "directory:group_edit", change, 50),
        Action("directory.propose", _("Propose a link"), "directory:link_propose", change, 60),
    )
    PARTNER_ACTIONS.add(
        Action(
            "directory.edit_partner",
            _("Edit the partner's page"),
            "directory:partner_edit",
            "directory.change_partner",
            10,
        )
    )
