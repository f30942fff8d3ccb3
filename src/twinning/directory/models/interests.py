"""What a group or partner cares about: education, health, farming… (shared tags)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Interest(models.Model):
    """A theme of a link's work, named in both languages."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name in English"), max_length=80)
    name_ar = models.CharField(_("name in Arabic"), max_length=80)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name_ar if get_language() == "ar" and self.name_ar else self.name
