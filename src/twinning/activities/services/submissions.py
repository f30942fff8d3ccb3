"""What every activity's service does with a form: a form sent twice makes one record, and a
form opened before someone else's save does not write over it."""

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

from twinning.accounts.services import one_submission_at_a_time


def made_from(actor, records: QuerySet, form_nonce: str) -> Model | None:
    """The record among `records` that the form with this nonce already made, if it did (with
    `already_made` set): the service returns it instead of making another.

    Call it first in the transaction that makes the record: it makes the person's submissions
    wait for each other, so that a form sent twice at once is seen by the second as sent."""
    one_submission_at_a_time(actor)
    made = records.filter(form_nonce=form_nonce).first() if form_nonce else None
    if made is not None:
        made.already_made = True
    return made


def refuse_if_stale(current, version: str, message) -> None:
    """Refuse (code "stale") a form opened at another `version` of `current` than the saved one."""
    if version and current.version != version:
        raise ValidationError(message, code="stale")
