import re

import pytest


@pytest.mark.django_db
def test_the_home_page_explains_twinning_to_a_newcomer_in_english(client) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in html
    assert "Twin your community with Palestine" in html
    assert "four or five people" in html
    assert "refugee camp" in html


@pytest.mark.django_db
def test_the_arabic_home_page_reads_right_to_left_in_arabic(client) -> None:
    response = client.get("/ar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "فلسطين" in html
    # The page's main heading is translated, not left in English.
    heading = re.search(r'<h1 id="intro-heading">(.*?)</h1>', html).group(1)
    assert re.search("[\u0600-\u06ff]", heading), heading


@pytest.mark.django_db
def test_the_language_switch_links_to_the_same_page_in_the_other_language(client) -> None:
    english = client.get("/privacy/").content.decode()
    arabic = client.get("/ar/privacy/").content.decode()
    assert 'href="/ar/privacy/" lang="ar" hreflang="ar"' in english
    assert 'href="/privacy/" lang="en" hreflang="en"' in arabic


@pytest.mark.django_db
def test_every_page_offers_a_skip_link_to_the_main_content(client) -> None:
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
