from django import template
from django.utils.html import format_html, format_html_join

from twinning.activities.calendars import when_parts

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
