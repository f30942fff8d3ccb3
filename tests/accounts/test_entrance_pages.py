"""allauth's pages (sign in, join, passwords, confirming an address) in the site's words:
sentence case in English, and the site's own Arabic rather than allauth's."""

import re

import pytest

from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

# allauth's Title Case, and its Arabic slips: a missing hamza, a left-to-right embedding
# mark inside Arabic text, "غضو" for "غضون", "لم ترى" and "لم تتلقى" for the jussive
TITLE_CASE = (
    "Sign In",
    "Sign Out",
    "Remember Me",
    "Forgot Password",
    "Password Reset",
    "Reset My Password",
    "Change Password",
    "Verify Your Email Address",
    "Confirm Email Address",
    "New Password",
    "Bad Token",
)
ARABIC_SLIPS = ("الالكتروني", "\u202a", "غضو ", "لم ترى", "لم تتلقى", "نتهت", "كود")

PAGES = {
    "/accounts/login/": ("Sign in", "Forgot your password?", "Stay signed in"),
    "/accounts/password/reset/": ("Choose a new password", "Send me the link"),
    "/accounts/password/reset/done/": ("Check your email",),
    "/accounts/password/reset/key/1-nothing/": ("This link no longer works",),
    "/accounts/confirm-email/": ("Confirm your email address",),
    "/accounts/confirm-email/nothing/": ("This link no longer works",),
}
ARABIC = {
    "/accounts/login/": ("تسجيل الدخول", "نسيت كلمة المرور؟", "ابقَ مسجَّل الدخول"),
    "/accounts/password/reset/": ("اختر كلمة مرور جديدة", "أرسل إليّ الرابط"),
    "/accounts/password/reset/done/": ("راجع بريدك الإلكتروني",),
    "/accounts/password/reset/key/1-nothing/": ("هذا الرابط لم يعد يعمل",),
    "/accounts/confirm-email/": ("أكّد عنوان بريدك الإلكتروني",),
    "/accounts/confirm-email/nothing/": ("هذا الرابط لم يعد يعمل",),
}


def _text(page: str) -> str:
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    return title + re.sub(r"<[^>]+>", " ", main)


@pytest.mark.parametrize("url", PAGES)
def test_the_way_in_speaks_in_sentence_case(client, url: str) -> None:
    text = _text(client.get(url).content.decode())
    for words in PAGES[url]:
        assert words in text, (url, words)
    for words in TITLE_CASE:
        assert words not in text, (url, words)


@pytest.mark.parametrize("url", ARABIC)
def test_the_way_in_reads_in_the_sites_own_arabic(client, url: str) -> None:
    text = _text(client.get(f"/ar{url}").content.decode())
    for words in ARABIC[url]:
        assert words in text, (url, words)
    for slip in ARABIC_SLIPS:
        assert slip not in text, (url, slip)
    assert not re.search(r"\b(Sign|Password|Email|Confirm)\b", text), (url, text)


def test_signing_out_and_changing_a_password_speak_in_sentence_case(cast) -> None:
    organiser = client_for(cast.organiser)
    text = _text(organiser.get("/accounts/logout/").content.decode())
    assert "Do you want to sign out?" in text and "Sign Out" not in text
    text = _text(organiser.get("/accounts/password/change/").content.decode())
    assert "Change your password" in text and "Current password" in text
    assert not any(words in text for words in TITLE_CASE)


def test_a_refused_sign_in_and_passwords_that_differ_say_why_in_the_readers_language(
    client, cast
) -> None:
    wrong = {"login": cast.member.email, "password": "not-the-password"}
    assert "do not match an account" in client.post("/accounts/login/", wrong).content.decode()
    arabic = client.post("/ar/accounts/login/", wrong).content.decode()
    assert "لا يطابقان أي حساب" in arabic
    differ = {"email": "new@example.org", "password1": "olive-2026!", "password2": "olive-2027!"}
    arabic = client.post("/ar/accounts/signup/", differ).content.decode()
    assert "يجب أن تكتب كلمة المرور نفسها في المرتين." in arabic
    assert "\u202a" not in arabic


def test_the_forms_keep_allauths_field_names_so_signing_in_works(client, cast) -> None:
    page = client.get("/accounts/login/").content.decode()
    for name in ("login", "password", "remember"):
        assert f'name="{name}"' in page
    response = client.post(
        "/accounts/login/", {"login": cast.member.email, "password": PASSWORD, "remember": "on"}
    )
    assert response.status_code == 302
    assert "You are signed in as Maya Member." in client.get(response["Location"]).content.decode()


def test_a_forgotten_password_is_replaced_through_the_emailed_link(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": cast.member.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    assert "New password again" in form.content.decode()
    new = {"password1": "a-new-olive-2026", "password2": "a-new-olive-2026"}
    done = client.post(form.redirect_chain[-1][0], new, follow=True).content.decode()
    assert "Your password is changed" in done
    assert client.login(email=cast.member.email, password="a-new-olive-2026")
