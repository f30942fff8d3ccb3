"""Visits and delegations: planning, the days, who goes, the report, and the passport details
erased on schedule."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import acting_person
from twinning.activities.models import Participant, Visit, VisitDay, VisitPhoto, VisitStatus
from twinning.activities.photos import prepare_photo
from twinning.activities.services.submissions import made_from, refuse_if_stale
from twinning.core.services import audit_log
from twinning.directory.models import Group, GroupRole, PartnerContact
from twinning.directory.services import link_note_activity

VISIT_FIELDS = (
    "direction", "title", "purpose", "starts_on", "ends_on", "hosts", "who_pays", "budget",
    "budget_notes",
)  # fmt: skip
PARTICIPANT_FIELDS = ("name", "name_ar", "role", *Participant.PASSPORT_FIELDS)
MAX_PHOTOS = 24


STALE = gettext_lazy(
    "Someone else changed this visit while you were editing it. "
    "Your text is still below: compare, then save again."
)


def visit_create(*, actor, group: Group, values: dict[str, Any], form_nonce: str = "") -> Visit:
    """Add a visit along one of the group's links. The same form sent twice adds one visit."""
    with transaction.atomic():
        made = made_from(actor, Visit.objects.filter(group=group), form_nonce)
        if made is not None:
            return made
        link = values.get("link")
        if link is None or link.group_id != group.pk:
            raise ValidationError(_("Choose one of this group's links."))
        visit = Visit(
            group=group,
            link=link,
            created_by=acting_person(actor),
            form_nonce=form_nonce,
            **{name: values[name] for name in VISIT_FIELDS if name in values},
        )
        visit.full_clean()
        visit.save()
        link_note_activity(link_id=link.pk, on=timezone.localdate())
        audit_log(
            actor=actor,
            action="visit.added",
            obj=visit,
            data={"group": group.slug, "link": link.pk, "direction": visit.direction},
        )
    return visit


def visit_update(*, actor, visit: Visit, values: dict[str, Any], version: str = "") -> Visit:
    """Change a visit's plan. The days of its itinerary must stay within its dates."""
    with transaction.atomic():
        current = Visit.objects.select_for_update().get(pk=visit.pk)
        link = values.get("link", current.link)
        if link.group_id != current.group_id:
            raise ValidationError(_("Choose one of this group's links."))
        changed = sorted(
            name
            for name in VISIT_FIELDS
            if name in values and getattr(current, name) != values[name]
        )
        if link.pk != current.link_id:
            changed.append("link")
        for name in VISIT_FIELDS:
            if name in values:
                setattr(visit, name, values[name])
        visit.link = link
        if not changed:
            return visit
        refuse_if_stale(current, version, STALE)
        visit.full_clean()
        outside = visit.itinerary.exclude(day__range=(visit.starts_on, visit.ends_on))
        if outside.exists():
            raise ValidationError(
                _("Some days of the itinerary fall outside these dates: move them first.")
            )
        visit.save()
        audit_log(actor=actor, action="visit.changed", obj=visit, data={"changed": changed})
    return visit


def visit_set_status(*, actor, visit: Visit, status: str) -> Visit:
    """Move a visit along: idea → planning → confirmed → under way → completed, or cancelled."""
    with transaction.atomic():
        current = Visit.objects.select_for_update().get(pk=visit.pk)
        if status == current.status:
            return current
        if status not in current.next_statuses:
            raise ValidationError(
                _("A visit cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": current.get_status_display(),
                    "new": dict(VisitStatus.choices).get(status, status),
                }
            )
        early = status in (VisitStatus.UNDER_WAY, VisitStatus.COMPLETED)
        if early and current.starts_on > timezone.localdate():
            raise ValidationError(_("The visit has not started yet."))
        before = current.status
        visit.status = status
        visit.cancelled_at = timezone.now() if status == VisitStatus.CANCELLED else None
        visit.save(update_fields=["status", "cancelled_at", "updated_at"])
        if status != VisitStatus.CANCELLED:
            # the visit's days are the link's activity once it happens
            on = visit.ends_on if status == VisitStatus.COMPLETED else timezone.localdate()
            link_note_activity(link_id=visit.link_id, on=on)
        audit_log(
            actor=actor,
            action="visit.status_changed",
            obj=visit,
            data={"from": before, "to": status},
        )
    return visit


def visit_set_day(
    *,
    actor,
    visit: Visit,
    values: dict[str, Any],
    day: VisitDay | None = None,
    form_nonce: str = "",
) -> VisitDay:
    """Add a day to the itinerary (the same form sent twice adds it once), or change one."""
    when = values["day"]
    if not visit.starts_on <= when <= visit.ends_on:
        raise ValidationError(_("Choose a day between the visit's first and last days."))
    with transaction.atomic():
        made = made_from(actor, visit.itinerary, form_nonce if day is None else "")
        if made is not None:
            return made
        row = day or VisitDay(visit=visit, form_nonce=form_nonce)
        for name in ("day", "place", "host", "programme"):
            setattr(row, name, values.get(name, getattr(row, name)))
        row.save()
        visit.save(update_fields=["updated_at"])
        audit_log(
            actor=actor,
            action="visit.day_set",
            obj=visit,
            data={"day": when.isoformat(), "new": day is None},
        )
    return row


def visit_remove_day(*, actor, day: VisitDay) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor, action="visit.day_removed", obj=day.visit, data={"day": str(day.day)}
        )
        day.delete()


def _check_person(visit: Visit, user) -> None:
    """A person on the platform joins a visit only from the group or the partner's contacts."""
    if user is None:
        return
    in_group = GroupRole.objects.filter(group_id=visit.group_id, user=user).exists()
    speaks = PartnerContact.objects.filter(partner_id=visit.link.partner_id, user=user).exists()
    if not (in_group or speaks):
        raise ValidationError(
            _("Only the group's members and the partner's contacts can be chosen.")
        )


def participant_add(
    *, actor, visit: Visit, values: dict[str, Any], form_nonce: str = ""
) -> Participant:
    """Put someone on the visit: a person on the platform or a named guest (the same form
    sent twice adds them once). The history records that someone was added, never their
    passport details."""
    user = values.get("user")
    with transaction.atomic():
        made = made_from(actor, visit.participants, form_nonce)
        if made is not None:
            return made
        _check_person(visit, user)
        if user is not None and visit.participants.filter(user=user).exists():
            raise ValidationError(_("This person is already on the visit."))
        participant = Participant(visit=visit, user=user, form_nonce=form_nonce)
        for name in PARTICIPANT_FIELDS:
            setattr(participant, name, values.get(name) or getattr(participant, name))
        if not participant.name and user is not None:
            participant.name = user.display_name or ""
        participant.full_clean()
        participant.save()
        audit_log(
            actor=actor,
            action="visit.participant_added",
            obj=visit,
            data={"participant": participant.pk, "on_the_platform": user is not None},
        )
    return participant


def participant_update(*, actor, participant: Participant, values: dict[str, Any]) -> Participant:
    with transaction.atomic():
        for name in PARTICIPANT_FIELDS:
            if name in values:
                setattr(participant, name, values[name])
        if participant.has_passport_details:
            participant.passport_erased_at = None
        participant.full_clean()
        participant.save()
        audit_log(
            actor=actor,
            action="visit.participant_changed",
            obj=participant.visit,
            data={"participant": participant.pk},
        )
    return participant


def participant_remove(*, actor, participant: Participant) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="visit.participant_removed",
            obj=participant.visit,
            data={"participant": participant.pk},
        )
        participant.delete()


def visit_write_report(
    *, actor, visit: Visit, report: str, public: bool, version: str = ""
) -> Visit:
    """Save the report and whether it (with its photos) shows on the group's public page."""
    with transaction.atomic():
        current = Visit.objects.select_for_update().get(pk=visit.pk)
        if current.report == report and current.report_public == public:
            return current  # nothing to save (or the same form sent twice)
        refuse_if_stale(current, version, STALE)
        if public and not report.strip():
            raise ValidationError(_("Write the report before making it public."))
        if public and current.status != VisitStatus.COMPLETED:
            # not while the visitors are still there
            raise ValidationError(_("A report can be made public once the visit is completed."))
        visit.report = report
        visit.report_public = public
        visit.save(update_fields=["report", "report_public", "updated_at"])
        audit_log(
            actor=actor,
            action="visit.report_written",
            obj=visit,
            data={"public": public},
        )
    return visit


def photo_add(
    *, actor, visit: Visit, data: bytes, caption: str, form_nonce: str = ""
) -> VisitPhoto:
    """Add a photo to the report: shrunk and re-encoded, so no location or camera data stays.
    The same form sent twice adds it once."""
    image, width, height = prepare_photo(data)
    with transaction.atomic():
        made = made_from(actor, visit.photos, form_nonce)
        if made is not None:
            return made
        Visit.objects.select_for_update().filter(pk=visit.pk).first()  # the photos, counted
        if visit.photos.count() >= MAX_PHOTOS:
            raise ValidationError(
                _("A report holds at most %(count)d photos.") % {"count": MAX_PHOTOS}
            )
        photo = VisitPhoto.objects.create(
            visit=visit,
            image=image,
            width=width,
            height=height,
            caption=caption,
            form_nonce=form_nonce,
        )
        audit_log(actor=actor, action="visit.photo_added", obj=visit, data={"photo": photo.pk})
    return photo


def photo_remove(*, actor, photo: VisitPhoto) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor, action="visit.photo_removed", obj=photo.visit, data={"photo": photo.pk}
        )
        photo.delete()


def passports_erase_due(*, today: datetime.date | None = None) -> int:
    """Erase the passport details of everyone on a visit that ended (or was cancelled)
    `TWINNING_PASSPORT_RETENTION_DAYS` ago; how many people's details were erased."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.TWINNING_PASSPORT_RETENTION_DAYS)
    holding = (
        ~Q(nationality="")
        | ~Q(passport_number="")
        | Q(date_of_birth__isnull=False)
        | Q(passport_expires_on__isnull=False)
    )
    due = Participant.objects.filter(holding).filter(
        Q(visit__ends_on__lt=cutoff) | Q(visit__cancelled_at__date__lt=cutoff)
    )
    with transaction.atomic():
        rows = list(due.select_for_update().values_list("pk", "visit_id"))
        Participant.objects.filter(pk__in=[pk for pk, _visit in rows]).update(
            date_of_birth=None,
            nationality="",
            passport_number="",
            passport_expires_on=None,
            passport_erased_at=timezone.now(),
        )
        for visit in Visit.objects.filter(pk__in={visit_id for _pk, visit_id in rows}):
            audit_log(actor=None, action="visit.passports_erased", obj=visit)
    return len(rows)
