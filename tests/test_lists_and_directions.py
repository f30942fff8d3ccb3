"""Mixed Arabic and English reads right: each piece of a person's or a place's text keeps its
own direction (`<bdi>` inline, `dir="auto"` in text boxes), and lists are joined with the
page language's own separators ("، " and "؛ " in Arabic, never a Latin comma)."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from tests.conftest import client_for
from twinning.activities import services
from twinning.core.text import listing

pytestmark = pytest.mark.django_db


def _render(source: str, **context) -> str:
    return Template("{% load core_tags %}" + source).render(Context(context))


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_a_list_is_joined_with_the_arabic_comma_on_an_arabic_page_each_item_isolated() -> None:
    items = ["English", "العربية", "<Welsh>"]
    with translation.override("en"):
        assert _render("{{ items|listing }}", items=items) == (
            "<bdi>English</bdi>, <bdi>العربية</bdi>, <bdi>&lt;Welsh&gt;</bdi>"
        )
        assert _text(_render('{{ items|listing:"and" }}', items=items)) == (
            "English, العربية and &lt;Welsh&gt;"
        )
    with translation.override("ar"):
        assert _render("{{ items|listing }}", items=items) == (
            "<bdi>English</bdi>، <bdi>العربية</bdi>، <bdi>&lt;Welsh&gt;</bdi>"
        )
        assert _text(_render('{{ items|listing:";" }}', items=items)) == (
            "English؛ العربية؛ &lt;Welsh&gt;"
        )
        assert listing(["أ", "ب", "ج"], "and") == "أ، ب وج"


def test_a_list_written_as_a_loop_takes_the_same_separators() -> None:
    source = (
        "{% for name in names %}<bdi>{{ name }}</bdi>{% list_separator forloop 'and' %}{% endfor %}"
    )
    names = ["Olivia Organiser", "Maya Member", "ليلى"]
    with translation.override("en"):
        assert _text(_render(source, names=names)) == "Olivia Organiser, Maya Member and ليلى"
    with translation.override("ar"):
        assert _text(_render(source, names=names)) == "Olivia Organiser، Maya Member وليلى"


def test_a_group_s_town_and_county_read_as_one_run_on_an_arabic_page(cast) -> None:
    page = client_for(None).get("/ar/groups/group-a/").content.decode()
    # one isolate for "Oxford, Oxfordshire": an Arabic page does not turn it into
    # "Oxfordshire ,Oxford"
    assert re.search(r"<bdi><a href=\"[^\"]+\">Oxford</a>, Oxfordshire</bdi>", page)


def test_the_speakers_of_a_public_meeting_are_separated_by_the_arabic_semicolon(cast) -> None:
    services.public_meeting_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Life in Beit Ummar today",
            "speakers": "Dr Salma Khalil, historian\nA farmer from Beit Ummar",
            "venue": "Oxford Town Hall",
            "starts_at": timezone.now() + datetime.timedelta(days=14),
        },
    )
    english = client_for(None).get("/whats-on/").content.decode()
    assert "<bdi>Dr Salma Khalil, historian</bdi>; <bdi>A farmer from Beit Ummar</bdi>" in english
    arabic = client_for(None).get("/ar/whats-on/").content.decode()
    assert "<bdi>Dr Salma Khalil, historian</bdi>؛ <bdi>A farmer from Beit Ummar</bdi>" in arabic


def test_a_text_box_takes_the_direction_of_what_is_typed_in_it(cast) -> None:
    page = client_for(cast.organiser).get("/ar/groups/group-a/edit/").content.decode()
    name = re.search(r"<input[^>]*name=\"name\"[^>]*>", page).group(0)
    description = re.search(r"<textarea[^>]*name=\"description\"[^>]*>", page).group(0)
    assert 'dir="auto"' in name and 'dir="auto"' in description
    # an address is not text in a language: it keeps the page's layout
    email = re.search(r"<input[^>]*name=\"public_email\"[^>]*>", page).group(0)
    assert "dir=" not in email
