"""Shapes every app's API shares."""

from ninja import Schema


class ErrorOut(Schema):
    """Why a request was refused, in words."""

    detail: str


PUBLIC_ERRORS = {404: ErrorOut}
PRIVATE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
