from hypothesis import given
from hypothesis import strategies as st

from twinning.core.text import render_markdown


def test_markdown_keeps_emphasis_lists_and_links() -> None:
    html = render_markdown("**Visit** in *spring*\n\n- one\n- two\n\n[site](https://example.org)")
    assert "<strong>Visit</strong>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_markdown_drops_scripts_event_handlers_and_javascript_links() -> None:
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(2)">[x](javascript:alert(3))'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_markdown_keeps_arabic_text() -> None:
    assert "مرحبا بكم في القرية" in render_markdown("مرحبا بكم في القرية")


@given(st.text())
def test_no_written_text_can_smuggle_a_script_or_a_nul_into_a_page(text: str) -> None:
    html = render_markdown(text + "<script>x</script>")
    assert "<script" not in html.lower()
    assert "\x00" not in html
