import pytest
from django.test import RequestFactory
from django.utils import translation

from twinning.core.views import server_error


@pytest.mark.django_db
def test_a_missing_page_gets_a_friendly_404_in_english(client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_missing_page_gets_a_friendly_404_in_arabic_right_to_left(client) -> None:
    response = client.get("/ar/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'dir="rtl"' in html
    assert "Page not found" not in html


def test_the_500_page_renders_without_the_database_in_both_languages() -> None:
    request = RequestFactory().get("/")
    for language, direction in (("en", "ltr"), ("ar", "rtl")):
        with translation.override(language):
            response = server_error(request)
        html = response.content.decode()
        assert response.status_code == 500
        assert f'dir="{direction}"' in html
        home = "/ar/" if language == "ar" else "/"
        assert f'<a href="{home}">' in html
    assert "Something went wrong on our side" not in html  # the Arabic one is translated
