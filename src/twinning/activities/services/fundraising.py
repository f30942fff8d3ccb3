"""Fundraising: appeals, donations recorded by organisers, money sent to the partner, the
partner's confirmation that it arrived, and the treasurer's ledger."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import acting_person
from twinning.activities.models import Appeal, Donation, Transfer
from twinning.activities.models.fundraising import pennies, to_pounds
from twinning.activities.services.submissions import made_from, refuse_if_stale
from twinning.core.services import audit_log
from twinning.directory.models import Group
from twinning.directory.services import link_note_activity

APPEAL_FIELDS = ("title", "purpose", "target", "starts_on", "ends_on", "public")
DONATION_FIELDS = ("amount", "received_on", "method", "donor", "gift_aid", "note")
TRANSFER_FIELDS = ("amount", "sent_on", "how", "reference", "confirmation", "confirmed_on")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Totals:
    raised: Decimal
    sent: Decimal
    gift_aid: Decimal
    target: Decimal

    @property
    def held(self) -> Decimal:
        """Raised and not yet sent."""
        return self.raised - self.sent

    @property
    def percent(self) -> int:
        """How far towards the target, for the progress bar (0–100)."""
        if self.target <= 0:
            return 0
        return min(100, int(self.raised * 100 / self.target))


STALE = gettext_lazy(
    "Someone else changed this appeal while you were editing it. "
    "Your text is still below: compare, then save again."
)


def appeal_totals(appeal: Appeal) -> Totals:
    """An appeal's totals, summed by the database from its entries, in exact pennies."""
    given = appeal.donations.aggregate(
        raised=Sum(pennies(), default=0),
        gift_aid=Sum(pennies(), filter=Q(gift_aid=True), default=0),
    )
    sent = appeal.transfers.aggregate(total=Sum(pennies(), default=0))
    return Totals(
        raised=to_pounds(given["raised"]),
        sent=to_pounds(sent["total"]),
        gift_aid=to_pounds(given["gift_aid"]),
        target=appeal.target,
    )


def _check_link(group_id: int, link) -> None:
    if link is not None and link.group_id != group_id:
        raise ValidationError(_("Choose one of this group's links."))


def appeal_create(*, actor, group: Group, values: dict[str, Any], form_nonce: str = "") -> Appeal:
    """Open an appeal. The same form sent twice opens one."""
    with transaction.atomic():
        made = made_from(actor, Appeal.objects.filter(group=group), form_nonce)
        if made is not None:
            return made
        link = values.get("link")
        _check_link(group.pk, link)
        appeal = Appeal(
            group=group,
            link=link,
            created_by=acting_person(actor),
            form_nonce=form_nonce,
            **{name: values[name] for name in APPEAL_FIELDS if name in values},
        )
        appeal.full_clean()
        appeal.save()
        audit_log(
            actor=actor,
            action="appeal.opened",
            obj=appeal,
            data={"target": str(appeal.target), "public": appeal.public},
        )
    return appeal


def appeal_update(*, actor, appeal: Appeal, values: dict[str, Any], version: str = "") -> Appeal:
    with transaction.atomic():
        current = Appeal.objects.select_for_update().get(pk=appeal.pk)
        link = values.get("link", current.link)
        _check_link(current.group_id, link)
        changed = [
            name
            for name in APPEAL_FIELDS
            if name in values and getattr(current, name) != values[name]
        ]
        if (link.pk if link else None) != current.link_id:
            changed.append("link")
        if not changed:
            return current
        refuse_if_stale(current, version, STALE)
        for name in APPEAL_FIELDS:
            if name in values:
                setattr(current, name, values[name])
        current.link = link
        current.full_clean()
        current.save()
        audit_log(actor=actor, action="appeal.changed", obj=current, data={"changed": changed})
    return current


def _lock(appeal_id: int) -> None:
    """Changes to an appeal's entries wait for each other, so that the check that no more is
    sent than raised sees every other change (PostgreSQL runs them side by side otherwise)."""
    Appeal.objects.select_for_update().filter(pk=appeal_id).first()


def _entry(model, *, actor, appeal: Appeal, fields, values, form_nonce: str, action: str):
    """Record a donation or a transfer, in the caller's transaction, the appeal locked."""
    entry = model(
        appeal=appeal,
        recorded_by=acting_person(actor),
        form_nonce=form_nonce,
        **{name: values[name] for name in fields if name in values},
    )
    entry.full_clean()
    entry.save()
    if appeal.link_id is not None:
        on = entry.received_on if isinstance(entry, Donation) else entry.sent_on
        link_note_activity(link_id=appeal.link_id, on=on)
    # the amount, never who gave it
    audit_log(
        actor=actor,
        action=action,
        obj=appeal,
        data={"entry": entry.pk, "amount": str(entry.amount)},
    )
    return entry


def donation_record(
    *, actor, appeal: Appeal, values: dict[str, Any], form_nonce: str = ""
) -> Donation:
    """Record money given to the appeal. The same form sent twice records it once."""
    if values.get("gift_aid") and not values.get("donor"):
        raise ValidationError(_("A Gift Aid declaration needs the donor's name."))
    with transaction.atomic():
        made = made_from(actor, appeal.donations, form_nonce)
        if made is not None:
            return made
        _lock(appeal.pk)
        return _entry(
            Donation,
            actor=actor,
            appeal=appeal,
            fields=DONATION_FIELDS,
            values=values,
            form_nonce=form_nonce,
            action="appeal.donation_recorded",
        )


def transfer_record(
    *, actor, appeal: Appeal, values: dict[str, Any], form_nonce: str = ""
) -> Transfer:
    """Record money sent to the partner. Sending more than was raised is refused; the same
    form sent twice records it once."""
    with transaction.atomic():
        made = made_from(actor, appeal.transfers, form_nonce)
        if made is not None:
            return made
        _lock(appeal.pk)
        held = appeal_totals(appeal).held
        if values["amount"] > held:
            raise ValidationError(
                _("Only £%(held)s raised is not yet sent: record the donations first.")
                % {"held": held}
            )
        return _entry(
            Transfer,
            actor=actor,
            appeal=appeal,
            fields=TRANSFER_FIELDS,
            values=values,
            form_nonce=form_nonce,
            action="appeal.transfer_recorded",
        )


def entry_update(
    *, actor, entry: Donation | Transfer, values: dict[str, Any]
) -> Donation | Transfer:
    """Correct a donation or a transfer (the history keeps the amounts before and after)."""
    fields = DONATION_FIELDS if isinstance(entry, Donation) else TRANSFER_FIELDS
    with transaction.atomic():
        _lock(entry.appeal_id)
        current = type(entry).objects.select_for_update().get(pk=entry.pk)
        before = str(current.amount)
        if isinstance(current, Transfer) and current.confirmed_by_id is not None:
            # the partner's word is theirs: it stands only for the amount they confirmed
            fields = tuple(f for f in fields if f not in ("confirmation", "confirmed_on"))
            if "amount" in values and values["amount"] != current.amount:
                current.confirmation, current.confirmed_on, current.confirmed_by = "", None, None
        for name in fields:
            if name in values:
                setattr(current, name, values[name])
        if isinstance(current, Donation) and current.gift_aid and not current.donor:
            raise ValidationError(_("A Gift Aid declaration needs the donor's name."))
        current.full_clean()
        current.save()
        if isinstance(current, Transfer):
            totals = appeal_totals(current.appeal)
            if totals.sent > totals.raised:
                raise ValidationError(_("More would be sent than was raised."))
        else:
            totals = appeal_totals(current.appeal)
            if totals.sent > totals.raised:
                raise ValidationError(
                    _("Less would be raised than was already sent: correct the money sent first.")
                )
        audit_log(
            actor=actor,
            action="appeal.entry_corrected",
            obj=current.appeal,
            data={
                "entry": current.pk,
                "kind": type(current).__name__.lower(),
                "amount": [before, str(current.amount)],
            },
        )
    return current


def entry_remove(*, actor, entry: Donation | Transfer) -> None:
    with transaction.atomic():
        _lock(entry.appeal_id)
        appeal = entry.appeal
        kind = type(entry).__name__.lower()
        audit_log(
            actor=actor,
            action="appeal.entry_removed",
            obj=appeal,
            data={"entry": entry.pk, "kind": kind, "amount": str(entry.amount)},
        )
        entry.delete()
        totals = appeal_totals(appeal)
        if totals.sent > totals.raised:
            raise ValidationError(
                _("Less would be raised than was already sent: remove the money sent first.")
            )


def transfer_confirm(*, actor, transfer: Transfer, confirmation: str) -> Transfer:
    """The partner's side says the money arrived."""
    with transaction.atomic():
        current = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if current.confirmed_on is not None:
            return current
        current.confirmed_on = max(timezone.localdate(), current.sent_on)
        current.confirmation = confirmation or _("Confirmed by the partner on the platform.")
        current.confirmed_by = acting_person(actor)
        current.save(update_fields=["confirmed_on", "confirmation", "confirmed_by"])
        if current.appeal.link_id is not None:
            link_note_activity(link_id=current.appeal.link_id, on=current.confirmed_on)
        audit_log(
            actor=actor,
            action="appeal.transfer_confirmed",
            obj=current.appeal,
            data={"entry": current.pk},
        )
    return current


def ledger(appeal: Appeal) -> list[dict[str, Any]]:
    """Every entry of an appeal in date order, for the treasurer: money in and money out."""
    rows = [
        {
            "date": donation.received_on,
            "kind": "donation",
            "money_in": donation.amount,
            "money_out": None,
            "how": donation.get_method_display(),
            "who": donation.donor,
            "gift_aid": donation.gift_aid,
            "note": donation.note,
        }
        for donation in appeal.donations.all()
    ]
    rows += [
        {
            "date": sent.sent_on,
            "kind": "transfer",
            "money_in": None,
            "money_out": sent.amount,
            "how": sent.get_how_display(),
            "who": sent.reference,
            "gift_aid": None,
            "note": sent.confirmation,
        }
        for sent in appeal.transfers.all()
    ]
    return sorted(rows, key=lambda row: (row["date"], row["kind"]))
