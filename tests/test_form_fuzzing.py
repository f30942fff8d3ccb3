"""Every form that takes people's text, fed odd text: never a 500, never a live payload.

Arabic and mixed-direction text, emoji, markup and script payloads, very long
strings and NUL bytes go into each text field; the answer must be a page (or a
redirect to one) that shows the text escaped, or a form that explains what is
wrong. Later forms join FORMS.

A line break in each one-line field of each of these forms is refused on that field, and
kept in each multi-line field (`core.forms.OneLineFields`).
"""

import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import KEEP_PLACE, Cast, client_for
from twinning.core.forms import LINE_BREAK_MESSAGE, is_one_line

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "مرحبا بكم في <b>بيت أمّر</b>",
    "\u202eevil\u202c mixed عربي English",
    "🫒🇵🇸🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    "a\x00b",
    "x" * 20_000,
    "' OR 1=1 --",
    "{{ 7*7 }}{% debug %}",
]
_SERIAL = itertools.count()
TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(min_size=0, max_size=300),
    st.builds(lambda a, b: a + b, st.sampled_from(PAYLOADS), st.text(max_size=50)),
)


class _Runnable(HTMLParser):
    """Finds what a browser would run: a <script> without src (ours all have one), an
    on…= handler on any tag, or a javascript: address. Parsed, not pattern-matched, so
    escaped text inside an attribute's value is not mistaken for an attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("<script> without src")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")


def _runnable(html: str) -> list[str]:
    parser = _Runnable()
    parser.feed(html)
    return parser.found


@dataclass
class Form:
    role: str
    url: str
    data: dict
    text_fields: tuple[str, ...]
    files: dict = field(default_factory=dict)


def _forms(cast: Cast) -> list[Form]:
    """Each form with valid data, and the text fields to fuzz one at a time."""
    group, partner, link = cast.group_a, cast.partner, cast.link
    return [
        Form(
            "member",
            "/groups/new/",
            {"kind": "school", "place_q": "Bristol", "place_was": "", "name": "Fuzz friends"},
            ("name", "description"),
        ),
        Form(
            "organiser",
            f"/groups/{group.slug}/edit/",
            {"kind": "school", **KEEP_PLACE, "name": "Oxford friends"},
            ("name", "description"),
        ),
        Form(
            "member",
            "/partners/new/",
            {"kind": "school", "place_q": "Battir", "place_was": "", "name": "Fuzz school"},
            ("name", "name_ar", "description", "description_ar"),
        ),
        Form(
            "partner_contact",
            f"/partners/{partner.slug}/edit/",
            {"kind": "school", "place_q": "", "place_was": "", "name": "Council"},
            ("name", "name_ar", "description", "description_ar"),
        ),
        Form(
            "organiser",
            f"/groups/{group.slug}/members/invite/",
            {"role": "member", "email": "someone@example.org"},
            ("email",),
        ),
        Form("organiser", f"/links/{link.pk}/status/", {"status": "dormant"}, ("reason",)),
        Form(
            "member",
            "/account/",
            {"preferred_language": "ar", "display_name": "Maya"},
            ("display_name",),
        ),
        Form(
            "coordinator",
            "/places/new/",
            {
                "name": "Fuzzville",
                "country": "PS",
                "kind": "village",
                "governorate": "hebron",
                "lat": "31.6",
                "lon": "35.1",
            },
            ("name", "name_ar", "alt_names"),
        ),
        Form("coordinator", "/account/api-tokens/", {"name": "script"}, ("name",)),
        Form(
            "coordinator",
            f"/partners/{partner.slug}/seeking/new/",
            {"message": "We hope for a school."},
            ("message", "message_ar", "visited_by"),
        ),
        Form(
            "organiser",
            f"/groups/{group.slug}/seeking-a-partner/",
            {"capacity": "1", "status": "open"},
            ("message",),
        ),
        Form(
            "organiser",
            f"/seeking/{_open_request(cast).pk}/interest/",
            {"group": str(group.pk)},
            ("message",),
        ),
        Form(
            "anonymous",
            "/start-a-group/",
            {
                "name": "Fuzz neighbour",
                "email": "fuzz@example.org",
                "place_q": "Leeds",
                "place_was": "",
                "language": "en",
            },
            ("name", "place_q"),
        ),
        Form(
            "organiser",
            f"/groups/{cast.group_a.slug}/meetings/new/",
            {
                "title": "Fuzz meeting",
                "day": "2027-02-11",
                "start": "18:30",
                "time_zone": "Europe/London",
                "duration": "60",
                "where": "Town hall",
                "online_url": "https://meet.example.org/fuzz",
                "link": str(cast.link.pk),
                "agenda": "- accounts",
            },
            ("title", "where", "agenda", "online_url"),
        ),
        Form(
            "organiser",
            f"{_held_meeting(cast).get_absolute_url()}minutes/",
            {"minutes": "Decided: a stall at the fair."},
            ("minutes",),
        ),
        Form(
            "organiser",
            f"/groups/{cast.group_a.slug}/visits/new/",
            {
                "title": "Fuzz visit",
                "direction": "to_britain",
                "link": str(cast.link.pk),
                "starts_on": "2027-05-01",
                "ends_on": "2027-05-08",
                "purpose": "Teachers meet teachers.",
                "budget": "1200.00",
            },
            ("title", "purpose", "hosts", "who_pays"),
        ),
        Form(
            "organiser",
            f"{_fuzz_visit(cast).get_absolute_url()}people/",
            {
                "name": "Mahmoud Abu Ayyash",
                "name_ar": "محمود أبو عياش",
                "date_of_birth": "1975-04-02",
                "passport_number": "P123",
            },
            ("name_ar", "role", "passport_number", "nationality"),
        ),
        Form(
            "organiser",
            f"{_fuzz_visit(cast).get_absolute_url()}report/",
            {"report": "We taught in three schools."},
            ("report",),
        ),
        Form(
            "organiser",
            f"/groups/{cast.group_a.slug}/appeals/new/",
            {
                "title": "Fuzz appeal",
                "purpose": "Books.",
                "target": "1000",
                "starts_on": "2026-11-01",
                "link": str(cast.link.pk),
            },
            ("title", "purpose", "target"),
        ),
        Form(
            "organiser",
            f"{_fuzz_appeal(cast).get_absolute_url()}donations/",
            {"amount": "12.50", "received_on": "2026-11-02", "method": "cash"},
            ("donor", "note", "amount"),
        ),
        Form(
            "organiser",
            f"{_fuzz_appeal(cast).get_absolute_url()}sent/",
            {"amount": "0.01", "sent_on": "2026-11-02", "how": "bank_transfer"},
            ("reference", "confirmation", "amount"),
        ),
        Form(
            "organiser",
            f"/groups/{cast.group_a.slug}/contacts/new/",
            {"kind": "mp", "name": "Fuzz MP"},
            ("name", "organisation", "role", "notes"),
        ),
        Form(
            "organiser",
            f"/groups/{cast.group_a.slug}/public-meetings/new/",
            {
                "title": "Fuzz public meeting",
                "speakers": "A farmer",
                "venue": "Town hall",
                "day": "2027-02-11",
                "start": "19:00",
            },
            ("title", "speakers", "venue", "description"),
        ),
    ]


def _fuzz_appeal(cast: Cast):
    import datetime
    from decimal import Decimal

    from twinning.activities.models import Appeal
    from twinning.activities.services import appeal_create, donation_record

    made = Appeal.objects.filter(group=cast.group_a, title="Appeal for fuzzing").first()
    if made is None:
        made = appeal_create(
            actor=cast.organiser,
            group=cast.group_a,
            values={
                "title": "Appeal for fuzzing",
                "purpose": "Fuzzing.",
                "target": Decimal("100"),
                "starts_on": datetime.date(2026, 11, 1),
            },
        )
        donation_record(
            actor=cast.organiser,
            appeal=made,
            values={
                "amount": Decimal("1000"),
                "received_on": datetime.date(2026, 11, 1),
                "method": "cash",
            },
        )
    return made


def _fuzz_visit(cast: Cast):
    import datetime

    from twinning.activities.models import Visit
    from twinning.activities.services import visit_create

    made = Visit.objects.filter(group=cast.group_a, title="Visit for fuzzing").first()
    return made or visit_create(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "link": cast.link,
            "direction": "to_britain",
            "title": "Visit for fuzzing",
            "purpose": "Fuzzing.",
            "starts_on": datetime.date(2027, 6, 1),
            "ends_on": datetime.date(2027, 6, 5),
        },
    )


def _held_meeting(cast: Cast):
    """A meeting of group A last week, for its minutes."""
    import datetime

    from django.utils import timezone

    from twinning.activities.models import Meeting
    from twinning.activities.services import meeting_schedule

    held = Meeting.objects.filter(group=cast.group_a, title="Held for fuzzing").first()
    return held or meeting_schedule(
        actor=cast.organiser,
        group=cast.group_a,
        values={
            "title": "Held for fuzzing",
            "starts_at": timezone.now() - datetime.timedelta(days=7),
        },
        invite=False,
    )


def _open_request(cast: Cast):
    from twinning.matching.services import request_create

    return request_create(
        actor=cast.partner_contact, partner=cast.partner, values={"message": "Seeking a twin"}
    )


def _check(response, client) -> None:
    assert response.status_code < 500, response.status_code
    pages = [response]
    if response.status_code in (301, 302) and response["Location"].startswith("/"):
        pages.append(client.get(response["Location"]))
    for page in pages:
        assert page.status_code < 500, page.status_code
        assert not _runnable(page.content.decode())


@pytest.mark.parametrize("index", range(23))
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXT, which=st.integers(min_value=0, max_value=3))
def test_odd_text_in_a_form_never_breaks_a_page_or_runs(
    cast, index: int, text: str, which: int
) -> None:
    form = _forms(cast)[index]
    client = client_for(cast.person(form.role))
    name = form.text_fields[which % len(form.text_fields)]
    data = dict(form.data)
    if "name" in data and name != "name":
        # a new name each time, so no example is taken for the previous one sent again
        data["name"] = f"{data['name']} {next(_SERIAL)}"
    _check(client.post(form.url, {**data, name: text}), client)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXT)
def test_odd_text_in_any_search_box_never_breaks_a_page(cast, text: str) -> None:
    client = client_for(None)
    for url in ("/groups/", "/partners/", "/links/", "/places/", "/api/v1/links", "/api/v1/places"):
        response = client.get(url, {"q": text, "county": text})
        assert response.status_code < 500, (url, response.status_code)
        assert not _runnable(response.content.decode())


def test_the_forms_list_matches_the_parametrisation(cast) -> None:
    assert len(_forms(cast)) == 23


def _page_forms(response) -> list[forms.BaseForm]:
    """The forms the response's page was rendered with."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = {}
    for context in contexts:
        for value in context.flatten().values() if context is not None else ():
            if isinstance(value, forms.BaseForm):
                found[id(value)] = value
    return list(found.values())


def _named_fields(form: Form) -> list[str]:
    """The form's text fields, without a place picker's search box (`place_q`)."""
    return [name for name in form.text_fields if not name.endswith("_q")]


def _the_form(client, form: Form) -> forms.BaseForm:
    """The Django form behind `form`: on its page, or on the page an empty one comes back to."""
    for response in (client.get(form.url), client.post(form.url, {}, follow=True)):
        for candidate in _page_forms(response):
            if set(_named_fields(form)) <= set(candidate.fields):
                return candidate
    raise AssertionError(f"no form with {form.text_fields} at {form.url}")


def _refusals(response, name: str) -> list[str]:
    """What the page says is wrong with field `name`, or (after a redirect) at all."""
    said = [str(message) for message in response.context.get("messages", [])]
    return said + [
        error
        for shown in _page_forms(response)
        if shown.is_bound and name in shown.fields
        for error in shown.errors.get(name, [])
    ]


@pytest.mark.parametrize("index", range(23))
def test_a_line_break_is_refused_in_every_one_line_field_and_kept_in_a_textarea(
    cast, index: int
) -> None:
    form = _forms(cast)[index]
    client = client_for(cast.person(form.role))
    fields = _the_form(client, form).fields
    # Django's URLField drops line breaks and tabs itself (urllib does): none is left to refuse
    one_line = [
        n for n, f in fields.items() if is_one_line(f) and not isinstance(f, forms.URLField)
    ]
    multi_line = [n for n in _named_fields(form) if isinstance(fields[n].widget, forms.Textarea)]
    for name in one_line + multi_line:
        data = dict(form.data)
        if "name" in data and name != "name":
            data["name"] = f"{data['name']} {next(_SERIAL)}"
        response = client.post(form.url, {**data, name: "a\nb"}, follow=True)
        assert response.status_code < 500, (form.url, name, response.status_code)
        if name in one_line:
            assert str(LINE_BREAK_MESSAGE) in _refusals(response, name), (form.url, name)
        else:
            assert str(LINE_BREAK_MESSAGE) not in _refusals(response, name), (form.url, name)
