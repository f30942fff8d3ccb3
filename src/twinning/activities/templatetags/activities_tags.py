from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from twinning.activities.calendars import when_parts
from twinning.activities.models import Appeal, PublicMeeting, Visit

register = template.Library()


@register.simple_tag
def meeting_when(meeting) -> str:
    """A meeting's start in both countries' time, the zone it was written in first; the
    second day is named only when it is not the first's."""
    first, first_text, second, second_text = when_parts(meeting)
    parts = [
        (first.at.isoformat(), first_text, first.label),
        (second.at.isoformat(), second_text, second.label),
    ]
    return format_html(
        '<span class="meeting-when">{}</span>',
        format_html_join(" · ", '<time datetime="{}">{}</time> {}', parts),
    )


@register.inclusion_tag("activities/_group_public.html", takes_context=True)
def group_public_activities(context, group) -> dict:
    """What a group's public page shows of its activities: its coming public meetings, its
    open public appeals and its visits' public reports."""
    reports = list(
        Visit.objects.filter(group=group, report_public=True)
        .select_related("link__partner__place")
        .order_by("-starts_on", "-pk")[:10]
    )
    appeals = list(
        Appeal.objects.filter(group=group, public=True)
        .exclude(ends_on__lt=timezone.localdate())
        .with_totals()
        .order_by("-starts_on", "-pk")[:5]
    )
    public_meetings = list(
        PublicMeeting.objects.listed().coming().filter(group=group).select_related("group")[:5]
    )
    user = getattr(context.get("request"), "user", None)
    # a linked partner's contacts are not the group's members: lead them to what they share
    joint = bool(
        user is not None
        and user.is_authenticated
        and not user.has_perm("activities.view_activities", group)
        and user.has_perm("activities.view_joint_activities", group)
    )
    return {
        "group": group,
        "joint": joint,
        "public_meetings": public_meetings,
        "reports": reports,
        "appeals": appeals,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
