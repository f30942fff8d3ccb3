"""The pages of running a group, one module per part, and what they share."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language


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


def group_form(request: HttpRequest, form_class: type[BaseForm], group, instance=None):
    """The form of one of `group`'s meetings, visits or appeals (`instance`, or a new one):
    it offers the group's links, each partner named as the person may see it."""
    return form_class(
        request.POST or None,
        instance=instance,
        group=group,
        user=request.user,
        language=get_language(),
    )


def form_page(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], Model],
    *,
    template: str,
    context: dict[str, Any],
    done: str,
    again: str = "",
    changes: Model | None = None,
    to: str = "",
) -> HttpResponse:
    """The page of a form that makes a thing, or `changes` one.

    On a valid POST, `save(cleaned_data)` (a service call), then go to `to`, or to the thing
    changed, or to the one `save` made, saying `done` (or `again`, if given, when the same
    form was sent before and made it then). The service's refusal shows at the top of the
    form (see `refused`). Otherwise `template` with `context` and the form, 422 when the form
    has errors.
    """
    if request.method == "POST" and form.is_valid():
        try:
            made = save(form.cleaned_data)
        except ValidationError as error:
            refused(form, error, saved=changes)
        else:
            if again and getattr(made, "already_made", False):
                messages.info(request, again)
            else:
                messages.success(request, done)
            return redirect(to or changes or made)
    status = 422 if form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


def private(response: HttpResponse) -> HttpResponse:
    """A page with details no cache should keep, the browser's included."""
    response["Cache-Control"] = "private, no-store"
    return response
