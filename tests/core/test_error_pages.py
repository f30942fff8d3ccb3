import logging

import pytest
from django.test import RequestFactory
from django.urls import path
from django.utils import translation

from twinning import urls as project_urls
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


def _boom(request):
    raise RuntimeError("a fault of ours")


# the site's own addresses, and one that fails (for the 500 below)
urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]
handler403, handler404, handler500 = (
    project_urls.handler403,
    project_urls.handler404,
    project_urls.handler500,
)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_refusal_logs_one_line_and_a_fault_of_ours_its_traceback(member_client, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert member_client.get("/groups/group-a/edit/").status_code == 403
    (refused,) = caplog.records
    assert refused.getMessage() == "Forbidden (Permission denied): /groups/group-a/edit/"
    assert refused.exc_info is None
    assert "Traceback" not in caplog.text and "PermissionDenied" not in caplog.text
    caplog.clear()
    member_client.raise_request_exception = False
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert member_client.get("/boom/").status_code == 500
    assert any(record.exc_info for record in caplog.records)
    assert "RuntimeError: a fault of ours" in caplog.text
