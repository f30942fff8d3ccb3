"""The directory's pages, one module per part, and what they share."""

import copy

from django.db.models import Model

PAGE_SIZE = 50


def form_copy(obj: Model) -> Model:
    """A copy of what the access helper returned, for an edit form to fill in: the service
    then compares the form with what is saved, and a page with errors still shows it."""
    return copy.copy(obj)
