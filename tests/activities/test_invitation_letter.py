"""The invitation letter a Palestinian visitor sends with a UK visa application: the visitor's
Arabic name prints as one right-to-left run inside its brackets, and the letter names its
sponsor (the group, with its address) and leaves a line for the organiser to sign and date."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import client_for
from twinning.activities import services

pytestmark = pytest.mark.django_db

# The letter's heading, with these names, runs onto a second line within the Arabic name.
NAME = "Mahmoud Abu Ayyash"
NAME_AR = "محمود أبو عياش"
ARABIC = re.compile(r"[\u0600-\u06ff]")


def _letter(cast) -> PdfReader:
    first = timezone.localdate() + datetime.timedelta(days=60)
    visit = services.visit_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "link": cast.link,
            "direction": "to_britain",
            "title": "Beit Ummar teachers in Oxford",
            "purpose": "Three teachers visit Oxford schools to share their work.",
            "starts_on": first,
            "ends_on": first + datetime.timedelta(days=9),
        },
    )
    participant = services.participant_add(
        actor=cast.organiser,
        visit=visit,
        values={
            "name": NAME,
            "name_ar": NAME_AR,
            "role": "Head teacher",
            "date_of_birth": datetime.date(1975, 4, 2),
            "nationality": "Palestinian",
            "passport_number": "P7781234",
            "passport_expires_on": datetime.date(2031, 1, 1),
        },
    )
    response = client_for(cast.organiser).get(
        f"{visit.get_absolute_url()}people/{participant.pk}/invitation-letter.pdf"
    )
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


def _lines(reader: PdfReader, **options) -> list[str]:
    return [
        line.strip()
        for page in reader.pages
        for line in page.extract_text(**options).splitlines()
        if line.strip()
    ]


def test_the_visitor_s_arabic_name_prints_whole_and_right_to_left_inside_its_brackets(
    cast,
) -> None:
    reader = _letter(cast)
    # In the order it is read: wherever Arabic is printed, it is the whole name, never a
    # word of it left at the end of a line with the rest on the next.
    arabic = [line for line in _lines(reader) if ARABIC.search(line)]
    assert len(arabic) == 2, arabic  # in the heading, and as "Name in Arabic"
    assert all(NAME_AR in line for line in arabic), arabic
    # As it is laid out on the page, left to right: the opening bracket, the name's letters
    # from its last to its first (Arabic runs right to left), then the closing bracket.
    laid_out = _lines(reader, extraction_mode="layout")
    assert any(f"({NAME_AR[::-1]})" in line for line in laid_out), [
        line for line in laid_out if ARABIC.search(line)
    ]


def test_the_letter_gives_the_sponsor_s_address_and_a_line_to_sign_and_date(cast) -> None:
    text = " ".join(" ".join(_lines(_letter(cast))).split())
    sponsor = "Oxford Friends of Beit Ummar, Oxford, Oxfordshire, England, United Kingdom"
    assert f"Sponsor {sponsor}" in text
    day = timezone.localdate()
    today = f"{day.day} {day:%B %Y}"  # "8 December 2026", the British way
    assert (
        "Yours faithfully, Olivia Organiser "
        f"Organiser, Oxford Friends of Beit Ummar, for the sponsor Date: {today}"
    ) in text
