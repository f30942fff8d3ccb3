"""Palestinian partners: proposed, reviewed and edited."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.accounts.services import acting_person, one_submission_at_a_time
from twinning.core.services import audit_log
from twinning.directory.access import forget_roles
from twinning.directory.models import Partner, PartnerContact, ReviewStatus
from twinning.directory.services.shared import (
    RESUBMIT_WINDOW,
    changed_fields,
    same_submission,
    send_after_commit,
    set_interests,
    tell_coordinators,
    unique_slug,
)

PARTNER_FIELDS = {
    "name",
    "name_ar",
    "description",
    "description_ar",
    "kind",
    "place",
    "sensitive",
}


def partner_propose(
    *, actor, values: dict[str, Any], speaks_for_it: bool, review_url: str
) -> Partner:
    """Someone adds a Palestinian partner: it waits, unseen by the public, for review.

    Coordinators are told by email. If the person said they speak for the
    partner, approval makes them its contact.
    """
    fields = {k: v for k, v in values.items() if k in PARTNER_FIELDS}
    fields["name"] = fields["name"].strip()
    with transaction.atomic():
        one_submission_at_a_time(actor)
        candidates = Partner.objects.filter(
            status=ReviewStatus.PENDING,
            name__iexact=fields["name"],
            proposed_by=acting_person(actor),
            proposer_speaks_for_it=speaks_for_it,
            created_at__gt=timezone.now() - RESUBMIT_WINDOW,
        )
        again = same_submission(candidates, fields, values.get("interests"))
        if again is not None:
            return again
        partner = Partner.objects.create(
            **fields,
            status=ReviewStatus.PENDING,  # with a random address (`Partner.save`)
            proposed_by=acting_person(actor),
            proposer_speaks_for_it=speaks_for_it,
        )
        set_interests(partner, values.get("interests"))
        audit_log(actor=actor, action="partner.proposed", obj=partner)
        # An email may be read anywhere: a sensitive partner is named by its kind and place.
        tell_coordinators(
            subject=lambda: (
                _("A new partner waits for review: %(name)s") % {"name": _mail_name(partner)}
            ),
            body=lambda: (
                _("%(name)s has been added to the directory and waits for your review:\n%(url)s")
                % {"name": _mail_name(partner), "url": review_url}
            ),
        )
    return partner


def _mail_name(partner: Partner) -> str:
    return partner.public_label(translation.get_language() or "en")


def partner_review(
    *, actor, partner: Partner, approve: bool, reason: str = "", make_contact: bool = False
) -> Partner:
    """A coordinator approves a proposed partner (it becomes public) or does not accept it.

    With `make_contact`, the person who proposed it (having said they speak for it)
    becomes its contact: a separate decision, as a contact may edit the partner.
    """
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        if partner.status != ReviewStatus.PENDING:
            raise ValidationError(_("This partner has already been reviewed."))
        partner.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
        fields = ["status"]
        if approve and not partner.sensitive:
            # its address was random while it waited; now one made from its name
            partner.slug = unique_slug(partner.name, model=Partner)
            partner.slug_is_random = False
            fields += ["slug", "slug_is_random"]
        partner.save(update_fields=fields)
        audit_log(
            actor=actor,
            action="partner.approved" if approve else "partner.rejected",
            obj=partner,
            data={"reason": reason},
        )
        proposer = partner.proposed_by
        if approve and make_contact and proposer is not None and partner.proposer_speaks_for_it:
            PartnerContact.objects.get_or_create(partner=partner, user=proposer)
            forget_roles(proposer)
            audit_log(actor=actor, action="partner.contact_added", obj=partner)
        if proposer is not None:
            with translation.override(proposer.preferred_language or "en"):
                if approve:
                    subject = _("%(name)s is now in the directory") % {"name": _mail_name(partner)}
                    body = _("The partner you added is approved and now appears in the directory.")
                else:
                    subject = _("About %(name)s") % {"name": _mail_name(partner)}
                    body = _(
                        "A coordinator could not add this partner to the directory. "
                        "Reason: %(reason)s"
                    ) % {"reason": reason or "—"}
            send_after_commit(subject, body, proposer.email)
    return partner


def partner_update(*, actor, partner: Partner, values: dict[str, str]) -> Partner:
    """Change a partner's public details (in English and Arabic)."""
    changes = changed_fields(partner, {k: v for k, v in values.items() if k in PARTNER_FIELDS})
    if set_interests(partner, values.get("interests")):
        audit_log(
            actor=actor, action="partner.updated", obj=partner, data={"changed": ["interests"]}
        )
    if not changes:
        return partner
    with transaction.atomic():
        for field, (_old, new) in changes.items():
            setattr(partner, field, new)
        partner.save(update_fields=list(changes))
        audit_log(
            actor=actor, action="partner.updated", obj=partner, data={"changed": sorted(changes)}
        )
    return partner
