from django import template
from django.utils.html import conditional_escape, format_html

from twinning.directory.reasons import reason_text

register = template.Library()


@register.filter
def reason(value) -> str:
    """A reason an import kept (`directory.reasons`), in the reader's language."""
    return reason_text(value)


@register.filter
def public_name(partner, language: str) -> str:
    """A partner's name for public pages: a sensitive one by kind and governorate only."""
    return partner.public_label(language)


@register.simple_tag
def partner_name(partner, *, full: bool, language: str) -> str:
    """A partner's name as this viewer may see it: a sensitive one, unless `full`, by its
    kind and governorate only; in Arabic when the page is and the partner has one.

    A tag rather than an included template: lists show it on every row.
    """
    if partner.sensitive and not full:
        return conditional_escape(partner.public_label(language))
    if language == "ar" and partner.name_ar:
        return format_html('<bdi lang="ar">{}</bdi>', partner.name_ar)
    return format_html("<bdi>{}</bdi>", partner.name)
