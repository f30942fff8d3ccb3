"""What every activity's service does with a form: a form sent twice makes one record, and a
form opened before someone else's save does not write over it."""

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet


def made_from(records: QuerySet, form_nonce: str) -> Model | None:
    """The record among `records` that a form with this nonce already made, if it did."""
    return records.filter(form_nonce=form_nonce).first() if form_nonce else None


def refuse_if_stale(current, version: str, message) -> None:
    """Refuse (code "stale") a form opened at another `version` of `current` than the saved one."""
    if version and current.version != version:
        raise ValidationError(message, code="stale")
