"""What the history of changes calls each kind of change.

An audit entry keeps its action as a code ("link.status_changed"): the history
page can be filtered by it, and the code never changes with the language. Each
app registers readable, translatable labels for the actions its services write
(`register_actions`, from its `ready()`), beside where it names them; the
history page asks `action_label` and so names no app. An action no app has
labelled reads as its code in words ("Link: status changed"), in English only,
rather than not at all.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

# core's own
ACTIONS = {
    "email.retried": _("Email tried again"),
    "email.discarded": _("Email not sent discarded"),
}

_LABELS: dict[str, str] = dict(ACTIONS)


def register_actions(labels: Mapping[str, str]) -> None:
    """Label actions for the history page: {code: gettext_lazy("…")}."""
    _LABELS.update(labels)


def action_label(action: str) -> str:
    """The label of `action` in the active language, or its code in words."""
    label = _LABELS.get(action)
    if label is not None:
        return str(label)
    subject, _dot, change = action.partition(".")
    words = subject.replace("_", " ")
    if change:
        words += ": " + change.replace("_", " ")
    return words[:1].upper() + words[1:]


def labelled_actions() -> set[str]:
    """Every action an app has labelled."""
    return set(_LABELS)
