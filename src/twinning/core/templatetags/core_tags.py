from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info

from twinning.core import contributions, dates
from twinning.core.text import list_separators, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str) -> SafeString:
    """Render user-written Markdown, sanitised, in a block that takes its direction from its
    own text: English written on an Arabic page (or the reverse) keeps its full stops and
    numbers where they belong."""
    return format_html('<div dir="auto">{}</div>', render_markdown(value))


@register.filter
def listing(items, kind: str = ",") -> SafeString:
    """A list as a sentence reads it: each item isolated in its own direction (<bdi>), joined
    by the page's language ("الإنجليزية، العربية", never "الإنجليزية, العربية"). An English
    name in an Arabic list, or an Arabic one in English, keeps its letters together and the
    separators where the reader expects them. `kind` is "," (the default), ";" for items that
    hold commas, or "and" ("A, B and C")."""
    parts = [format_html("<bdi>{}</bdi>", item) for item in items if item not in (None, "")]
    between, last = (conditional_escape(separator) for separator in list_separators(kind))
    if len(parts) < 2:
        return mark_safe("".join(parts))  # noqa: S308 — each part is escaped
    return mark_safe(between.join(parts[:-1]) + last + parts[-1])  # noqa: S308 — as above


@register.simple_tag
def list_separator(forloop: dict, kind: str = ",") -> str:
    """What follows an item in a `{% for %}` loop written out as a list: the page language's
    separator, the last one before the last item, nothing after it (see `listing`)."""
    if forloop["last"]:
        return ""
    between, last = list_separators(kind)
    return last if forloop["revcounter"] == 2 else between


@register.filter
def pounds(value) -> str:
    """An amount of money as £1,234.50, the same on English and Arabic pages (a partner
    checking that money arrived must not read £2500,00)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return ""
    return format_html('<bdi dir="ltr">£{}</bdi>', f"{amount:,.2f}")


@register.filter(expects_localtime=True)
def weekday_date(value) -> str:
    """A day with its weekday, in the page's language: "Wednesday 17 February 2027"."""
    return dates.weekday_date(value) if value else ""


@register.filter(expects_localtime=True)
def weekday_datetime(value) -> str:
    """A moment with its weekday, in the page's language and the site's time zone:
    "Wednesday 17 February 2027, 19:00"."""
    return dates.weekday_datetime(value) if value else ""


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict]:
    """The current page in each language, for the language switch."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def contributed_sections(context: template.Context, slot_name: str, obj=None) -> SafeString:
    """The sections the apps registered for slot `slot_name` (`core.contributions`), each
    rendered inside the page's own context with what it adds, in their order."""
    request = context.get("request")
    engine = context.template.engine
    parts = []
    for section, values in contributions.section_contexts(slot_name, request, obj):
        with context.push(values):
            parts.append(engine.get_template(section.template).render(context))
    return format_html_join("", "{}", ((part,) for part in parts))  # each part is safe


@register.simple_tag(takes_context=True)
def contributed_actions(context: template.Context, slot_name: str, obj=None) -> list[dict]:
    """The links the apps registered for slot `slot_name` that this person may follow."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None:
        return []
    return [
        {"key": action.key, "label": action.label, "url": action.url(obj)}
        for action in contributions.slot(slot_name).allowed(user, obj)
    ]


@register.simple_tag
def contributed_url(slot_name: str) -> str:
    """The address of the first item an app registered for slot `slot_name` (a `MenuItem`):
    where a page sends people for something another app does; "" when none is registered."""
    for item in contributions.slot(slot_name):
        return reverse(item.url_name)
    return ""
