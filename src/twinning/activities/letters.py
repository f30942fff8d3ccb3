"""The invitation letter a Palestinian visitor sends with a UK visa application, as a PDF.

Always in English (the Home Office reads it), with the visitor's name also in Arabic
script; Pango shapes the Arabic and finds a font that has it (DejaVu Sans on Debian).
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from twinning.activities.models import Participant, Visit
from twinning.directory.access import can_see_partner_in_full


def sponsor_address(group) -> list[str]:
    """The sponsoring group's address, a line each: its town, county and nation, and the
    country ("Oxford", "Oxfordshire", "England", "United Kingdom")."""
    place = group.place
    lines = [place.name, place.county, place.get_nation_display()] if place else []
    return [str(line) for line in lines if line] + ["United Kingdom"]


def letter_context(*, visit: Visit, participant: Participant, signer) -> dict:
    partner = visit.link.partner
    full = can_see_partner_in_full(signer, partner) or not partner.sensitive
    return {
        "visit": visit,
        "participant": participant,
        "group": visit.group,
        "sponsor_address": sponsor_address(visit.group),
        "partner_name": partner.name if full else partner.public_label("en"),
        "partner_place": partner.place if full else None,
        "itinerary": list(visit.itinerary.all()),
        "signer_name": signer.display_name,
        "contact_email": visit.group.public_email or signer.email,
        "today": timezone.localdate(),
    }


def invitation_letter_pdf(*, visit: Visit, participant: Participant, signer) -> bytes:
    """The letter for `participant`, signed by `signer` for the group."""
    from weasyprint import HTML  # slow to import: only when a letter is made

    with translation.override("en"):
        html = render_to_string(
            "activities/letter.html",
            letter_context(visit=visit, participant=participant, signer=signer),
        )
    return HTML(string=html).write_pdf()
