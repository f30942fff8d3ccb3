from django import template

register = template.Library()


@register.filter
def public_name(partner, language: str) -> str:
    """A partner's name for public pages: a sensitive one by kind and governorate only."""
    return partner.public_label(language)
