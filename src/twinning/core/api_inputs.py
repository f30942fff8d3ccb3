"""API inputs with bounds the database can always answer: page numbers and slugs."""

from typing import Annotated

from ninja import Field, Path, Schema
from ninja.pagination import PageNumberPagination

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
