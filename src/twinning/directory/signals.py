"""Keep the search index, the links' sort order and the directory's revision in step.

Both are side concerns that every way of changing a group or partner (a form,
the admin, an import) must honour, so they live in signals.
"""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from twinning.core.services import revision_bump
from twinning.directory import search
from twinning.directory.models import Group, Link, Partner, SearchEntry
from twinning.directory.models.links import LISTING_FIELDS
from twinning.places.models import Place
from twinning.places.signals import places_reloaded

_KINDS = {
    Group: SearchEntry.Kind.GROUP,
    Partner: SearchEntry.Kind.PARTNER,
    Link: SearchEntry.Kind.LINK,
}


@receiver(post_save, sender=Group)
@receiver(post_save, sender=Partner)
@receiver(post_save, sender=Link)
def reindex(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    revision_bump("directory")
    search.index(instance)
    # A link's text and sort order repeat its two sides: refresh the links
    # of a changed group or partner.
    if isinstance(instance, Group | Partner):
        for link in instance.links.with_sides():
            if link.fill_listing():
                Link.objects.filter(pk=link.pk).update(
                    **{field: getattr(link, field) for field in LISTING_FIELDS}
                )
            search.index(link)


@receiver(post_delete, sender=Group)
@receiver(post_delete, sender=Partner)
@receiver(post_delete, sender=Link)
def unindex(sender, instance, **kwargs) -> None:
    revision_bump("directory")
    SearchEntry.objects.filter(kind=_KINDS[sender], object_id=instance.pk).delete()


@receiver(m2m_changed, sender=Group.interests.through)
@receiver(m2m_changed, sender=Partner.interests.through)
def reindex_interests(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, Group | Partner
    ):
        reindex(type(instance), instance)


@receiver(post_save, sender=Place)
def place_changed(sender, instance: Place, raw: bool = False, **kwargs) -> None:
    """A place edited (in the admin): its partners' links keep its governorate."""
    if raw:
        return
    stale = Link.objects.filter(partner__place=instance).exclude(governorate=instance.governorate)
    if stale.update(governorate=instance.governorate):
        revision_bump("directory")


@receiver(places_reloaded)
def places_reloaded_in_bulk(sender, **kwargs) -> None:
    """The gazetteer reloaded: bring every link's copy of its partner's governorate up to date."""
    governorate = Coalesce(
        Subquery(
            Partner.objects.filter(pk=OuterRef("partner_id")).values("place__governorate")[:1]
        ),
        Value(""),
    )
    if Link.objects.update(governorate=governorate):
        revision_bump("directory")
