"""Signals the gazetteer sends, for apps whose records copy something of a place."""

from django.dispatch import Signal

# Sent after the gazetteer was reloaded in bulk (bulk updates send no post_save).
places_reloaded = Signal()
