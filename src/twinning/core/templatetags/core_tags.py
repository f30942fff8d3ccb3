from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info

from twinning.core.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str) -> SafeString:
    """Render user-written Markdown, sanitised, in a block that takes its direction from its
    own text: English written on an Arabic page (or the reverse) keeps its full stops and
    numbers where they belong."""
    return format_html('<div dir="auto">{}</div>', render_markdown(value))


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
