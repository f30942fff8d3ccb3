"""API inputs with bounds the database can always answer: page numbers, slugs, one-line text."""

from typing import Annotated

from ninja import Field, Path, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator

from twinning.core.text import CONTROL_CHARACTERS, LINE_BREAKS, ONE_LINE_PATTERN

# A slug in a URL: what Django's <slug:> path converter accepts.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
Slug = Annotated[str, Path(pattern=SLUG_PATTERN, max_length=80)]


class Pagination(PageNumberPagination):
    """`?page=` from 1 to a million, `?page_size=` up to 100 (default 50)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=100)

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("page_size", 50)
        kwargs.setdefault("max_page_size", 100)
        super().__init__(**kwargs)


def _one_line(value: str) -> str:
    if LINE_BREAKS.search(value):
        raise ValueError("must be one line: remove the line break")
    if CONTROL_CHARACTERS.search(value):
        raise ValueError("must be one line of plain text: remove the tab or control character")
    return value


# One line of text, as the forms take it (`core.forms.validate_one_line`): no line break, tab
# or other control character. Refused with 422 and the reason; the schema carries the pattern.
OneLine = Annotated[
    str, AfterValidator(_one_line), Field(json_schema_extra={"pattern": ONE_LINE_PATTERN})
]
