"""Dates as people read them: one style per language, written in the format modules of
`twinning/formats` (FORMAT_MODULE_PATH; docs/dates.md). Django's named formats (DATE_FORMAT,
TIME_FORMAT…) go through `|date:"DATE_FORMAT"` and `date_format()`; the weekday formats,
which Django does not name, through these functions and the `weekday_date` and
`weekday_datetime` filters of `core_tags`."""

import datetime

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language


def named_format(name: str) -> str:
    """The format called `name` (WEEKDAY_DATE_FORMAT…) in the active language, or else in
    the site's language."""
    for language in (get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE):
        for module in formats.get_format_modules(language):
            if hasattr(module, name):
                return getattr(module, name)
    raise LookupError(f"No format module names {name}")


def weekday_date(value: datetime.date) -> str:
    """A day with its weekday: "Wednesday 17 February 2027", "الأربعاء 17 شباط 2027"."""
    return formats.date_format(value, named_format("WEEKDAY_DATE_FORMAT"))


def weekday_datetime(value: datetime.datetime) -> str:
    """A moment with its weekday, in the time zone `value` is in: "Wednesday 17 February
    2027, 19:00"."""
    return formats.date_format(value, named_format("WEEKDAY_DATETIME_FORMAT"))
