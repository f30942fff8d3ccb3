"""Every form that takes people's text, fed odd text: never a 500, never a live payload.

Arabic and mixed-direction text, emoji, markup and script payloads, very long
strings and NUL bytes go into each text field; the answer must be a page (or a
redirect to one) that shows the text escaped, or a form that explains what is
wrong. Later forms join FORMS.
"""

import re
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import KEEP_PLACE, Cast, client_for

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
TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(min_size=0, max_size=300),
    st.builds(lambda a, b: a + b, st.sampled_from(PAYLOADS), st.text(max_size=50)),
)
# What would run in a browser if it came back unescaped.
LIVE = re.compile(r"<script>alert|<img src=x onerror|href=\"javascript:", re.IGNORECASE)


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
    ]


def _check(response, client) -> None:
    assert response.status_code < 500, response.status_code
    pages = [response]
    if response.status_code in (301, 302) and response["Location"].startswith("/"):
        pages.append(client.get(response["Location"]))
    for page in pages:
        assert page.status_code < 500, page.status_code
        html = page.content.decode()
        assert not LIVE.search(html), LIVE.search(html).group(0)


@pytest.mark.parametrize("index", range(9))
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXT, which=st.integers(min_value=0, max_value=3))
def test_odd_text_in_a_form_never_breaks_a_page_or_runs(
    cast, index: int, text: str, which: int
) -> None:
    form = _forms(cast)[index]
    client = client_for(cast.person(form.role))
    name = form.text_fields[which % len(form.text_fields)]
    _check(client.post(form.url, {**form.data, name: text}), client)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXT)
def test_odd_text_in_any_search_box_never_breaks_a_page(cast, text: str) -> None:
    client = client_for(None)
    for url in ("/groups/", "/partners/", "/links/", "/places/", "/api/v1/links", "/api/v1/places"):
        response = client.get(url, {"q": text, "county": text})
        assert response.status_code < 500, (url, response.status_code)
        assert not LIVE.search(response.content.decode())


def test_the_forms_list_matches_the_parametrisation(cast) -> None:
    assert len(_forms(cast)) == 9
