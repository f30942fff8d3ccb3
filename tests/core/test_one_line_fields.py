"""One-line fields take one line: a line break (or a tab, or another control character) in a
title, a name or a reason is refused at the form, with a message saying what to remove, so
that it never reaches an email's subject, a calendar file or a letter. Multi-line fields keep
their line breaks, and Arabic text keeps the invisible marks its writers use."""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms

import twinning
from tests.conftest import client_for
from twinning.activities.forms import MinutesForm
from twinning.activities.models import Meeting
from twinning.core.forms import (
    CONTROL_CHARACTER_MESSAGE,
    LINE_BREAK_MESSAGE,
    AuditFilterForm,
    OneLineFields,
    is_one_line,
)
from twinning.core.text import one_line

APPS = sorted(path.parent.name for path in Path(twinning.__file__).parent.glob("*/forms.py"))


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for app in APPS:
        module = importlib.import_module(f"twinning.{app}.forms")
        found += [
            value
            for _name, value in inspect.getmembers(module, inspect.isclass)
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__
        ]
    return found


def test_every_form_of_every_app_refuses_line_breaks_in_its_one_line_fields() -> None:
    assert {"accounts", "activities", "core", "directory", "formation", "matching"} <= set(APPS)
    classes = _form_classes()
    assert len(classes) >= 54
    assert not [cls.__qualname__ for cls in classes if not issubclass(cls, OneLineFields)]


@pytest.mark.parametrize(
    "text",
    ["a\nb", "a\r\nb", "a\rb", "Tea\r\nBcc: x@example.org", "a\u2028b", "a\u2029b", "a\x85b"],
)
def test_a_line_break_of_any_kind_is_refused(text: str) -> None:
    form = AuditFilterForm({"action": text})
    assert not form.is_valid()
    assert form.errors["action"] == [LINE_BREAK_MESSAGE]


@pytest.mark.parametrize("text", ["a\tb", "a\x1bb", "a\x7fb", "a\x9bb"])
def test_a_tab_or_another_control_character_is_refused(text: str) -> None:
    form = AuditFilterForm({"action": text})
    assert not form.is_valid()
    assert form.errors["action"] == [CONTROL_CHARACTER_MESSAGE]


@pytest.mark.parametrize(
    "text",
    [
        "مجلس بيت أمّر",
        "می\u200cخواهم",  # zero-width non-joiner
        "\u0644\u200d",  # zero-width joiner
        "Beit Ummar \u200fبيت أمر\u200e (council)",  # right-to-left and left-to-right marks
        "🫒🇵🇸 olive harvest",
    ],
)
def test_arabic_text_and_the_marks_its_writers_use_are_one_line(text: str) -> None:
    form = AuditFilterForm({"action": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["action"] == text


def test_a_line_break_at_either_end_is_trimmed_rather_than_refused() -> None:
    form = AuditFilterForm({"action": "group.\r\n"})
    assert form.is_valid()
    assert form.cleaned_data["action"] == "group."


def test_a_textarea_keeps_its_line_breaks() -> None:
    form = MinutesForm({"minutes": "Decided:\r\n- a stall\n- a visit\tin May"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["minutes"] == "Decided:\r\n- a stall\n- a visit\tin May"


def test_passwords_and_textareas_are_not_one_line_fields_and_addresses_are() -> None:
    assert not is_one_line(forms.CharField(widget=forms.PasswordInput))
    assert not is_one_line(forms.CharField(widget=forms.Textarea))
    assert is_one_line(forms.CharField())
    assert is_one_line(forms.EmailField())
    assert is_one_line(forms.CharField(widget=forms.HiddenInput))


def test_a_web_address_never_keeps_a_line_break() -> None:
    class Website(AuditFilterForm):
        url = forms.URLField(assume_scheme="https")

    form = Website({"url": "example.org/\r\nBcc: x@example.org"})
    if form.is_valid():  # urllib drops the line break itself
        assert "\n" not in form.cleaned_data["url"] and "\r" not in form.cleaned_data["url"]


def test_one_line_makes_a_subject_from_any_text() -> None:
    assert one_line("Tea\r\nBcc: x@example.org") == "Tea Bcc: x@example.org"
    assert one_line("\tMeeting\u2028in\x00Leeds\n") == "Meeting in Leeds"
    assert one_line("اجتماع\u200cالمجلس") == "اجتماع\u200cالمجلس"


@pytest.mark.django_db
def test_an_organiser_scheduling_a_meeting_with_a_header_in_its_title_gets_the_form_back(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.organiser).post(
            f"/groups/{cast.group_a.slug}/meetings/new/",
            {
                "title": "Tea\r\nBcc: x@example.org",
                "day": "2027-01-14",
                "start": "19:00",
                "time_zone": "Europe/London",
                "duration": "90",
                "agenda": "- the visit\n- the olive oil sale",
                "invite": "on",
            },
        )
    assert response.status_code == 422
    page = response.content.decode()
    assert "This must be one line: remove the line break." in page
    assert "- the visit\n- the olive oil sale" in page  # the agenda kept, line breaks and all
    assert not Meeting.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/places?q=Beit%0ASahour",
        "/api/v1/links?q=olive%0D%0Aharvest",
        "/api/v1/groups?county=Oxford%09shire",
        "/api/v1/partners?q=a%E2%80%A8b",
    ],
)
def test_the_api_refuses_a_search_of_more_than_one_line_with_422_and_the_reason(
    client, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert "must be one line" in response.content.decode()


@pytest.mark.django_db
def test_the_api_schema_says_its_searches_take_one_line(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    [q] = [p for p in schema["paths"]["/api/v1/places"]["get"]["parameters"] if p["name"] == "q"]
    assert q["schema"]["pattern"] == r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$"


@pytest.mark.django_db
def test_the_api_takes_an_arabic_search_with_a_zero_width_non_joiner(client) -> None:
    assert client.get("/api/v1/places", {"q": "بيت\u200cأمر"}).status_code == 200
