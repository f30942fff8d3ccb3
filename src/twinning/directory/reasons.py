"""Reasons kept to be read later, in the language of whoever reads them.

An import's check and its run find reasons (a row rejected, a row refused, a file
that cannot be read) in one language, on the task queue, and a coordinator reads
them later in another. So a reason is kept as its message, the English text that
gettext translates, and the values it names; `reason_text` gives it in the active
language when it is shown.
"""

from typing import Any

from django.utils import translation
from django.utils.functional import Promise

from twinning.core.text import listing


def _msgid(message: str | Promise) -> str:
    """The untranslated text of a message (a lazy translation's msgid)."""
    with translation.override(None):
        return str(message)


class Reason:
    """A message and the values it names: `Reason(_("%(name)s is new."), name="Leeds")`.

    `message` is a lazy translation (`gettext_lazy`); a value may be text, a number, a
    lazy translation or another Reason (both translated when shown), or a list of these
    (shown joined by the reader's language's commas).
    """

    def __init__(self, message: str | Promise, **values: Any) -> None:
        self.message = message
        self.values = values

    def as_data(self) -> dict:
        """The reason as JSON can keep it."""
        data: dict[str, Any] = {"message": _msgid(self.message)}
        if self.values:
            data["values"] = {name: _value_data(value) for name, value in self.values.items()}
        return data

    def __str__(self) -> str:
        return reason_text(self)

    def __repr__(self) -> str:
        return f"Reason({_msgid(self.message)!r})"


def _value_data(value: Any) -> Any:
    if isinstance(value, Reason):
        return value.as_data()
    if isinstance(value, Promise):
        return {"message": _msgid(value)}
    if isinstance(value, list | tuple):
        return [_value_data(item) for item in value]
    return value


def reason_text(reason: "Reason | dict | str") -> str:
    """A reason in the active language. Text is shown as it is (a reason kept before
    reasons were kept as messages, or one that came as text)."""
    if isinstance(reason, Reason):
        reason = reason.as_data()
    if not isinstance(reason, dict):
        return str(reason)
    message = translation.gettext(reason["message"])
    values = reason.get("values")
    if not values:
        return message
    return message % {name: _value_text(value) for name, value in values.items()}


def _value_text(value: Any) -> Any:
    if isinstance(value, dict):
        return reason_text(value)
    if isinstance(value, list):
        return listing(str(_value_text(item)) for item in value)
    return value


class Refusal(ValueError):
    """An error whose message is a Reason: `str()` gives it in the active language,
    `reason` keeps it to be read later."""

    def __init__(self, reason: "Reason | str | Promise") -> None:
        self.reason = reason if isinstance(reason, Reason) else Reason(reason)
        super().__init__(_msgid(self.reason.message))

    def __str__(self) -> str:
        return str(self.reason)
