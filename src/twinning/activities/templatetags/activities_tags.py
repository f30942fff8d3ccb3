from django import template
from django.utils.html import format_html, format_html_join

from twinning.activities.calendars import local_times

register = template.Library()


@register.simple_tag
def meeting_when(meeting) -> str:
    """A meeting's start in both countries' time, the zone it was written in first; the
    second day is named only when it is not the first's."""
    first, second = local_times(meeting)
    parts = [(first.at.isoformat(), f"{first.day}, {first.time}", first.label)]
    other = second.time if second.day == first.day else f"{second.day}, {second.time}"
    parts.append((second.at.isoformat(), other, second.label))
    return format_html(
        '<span class="meeting-when">{}</span>',
        format_html_join(" · ", '<time datetime="{}">{}</time> {}', parts),
    )
