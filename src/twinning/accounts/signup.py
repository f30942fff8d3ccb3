"""allauth's sign-up form, made to cost the same whether or not the address has an account.

(Apart from `forms.py`: allauth's forms module imports the class named by
ACCOUNT_SIGNUP_FORM_CLASS, so that module cannot import allauth's forms in turn.)
"""

from allauth.account.forms import SignupForm
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from twinning.accounts.allauth_forms import in_our_words


class EvenSignupForm(SignupForm):
    """A sign-up with an address that has an account creates nothing and emails its owner
    instead (allauth's protection against finding out who has an account). But only a
    new account hashed a password: 8–13 ms against 224–228 ms told the two apart. Here both
    hash the password, once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = {"email": _("Email"), "password1": _("Password"), "password2": _("Password again")}
        in_our_words(self, labels)

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the work a new account does
        return super().try_save(request)
