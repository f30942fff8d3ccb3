"""The pages of running a group, one module per part, and what they share."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse


def refused(form, error: ValidationError, *, saved=None) -> None:
    """A service's refusal, shown at the top of the form. When the form was opened before
    someone else's save of `saved`, it now carries that save's version, so that once the
    person has compared, saving again works."""
    form.add_error(None, error.messages)
    stale = any(getattr(e, "code", None) == "stale" for e in getattr(error, "error_list", []))
    if saved is not None and stale:
        data = form.data.copy()
        data["version"] = type(saved).objects.get(pk=saved.pk).version
        form.data = data


def private(response: HttpResponse) -> HttpResponse:
    """A page with details no cache should keep, the browser's included."""
    response["Cache-Control"] = "private, no-store"
    return response
