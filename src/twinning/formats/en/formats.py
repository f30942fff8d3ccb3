"""Dates in English, the British way: "17 February 2027", "Wednesday 17 February 2027",
"14:05". Never a numeric date, which a Briton and an American read as different days.

Django's own `en` formats are American ("Feb. 17, 2027", "12/04/2026 2:05 a.m."); the names
below replace them (Django's named formats, and the weekday ones of `core.dates`).
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# A date typed by hand is read day first, as in Britain (the date pickers send ISO dates).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
]
