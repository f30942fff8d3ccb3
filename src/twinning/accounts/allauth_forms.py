"""allauth's forms in the site's words (ACCOUNT_FORMS): labels in sentence case, no
placeholder repeating the label, and the Arabic the site's own catalogue gives.

(Apart from `forms.py`, as `signup.py` is: allauth's forms module imports the class named
by ACCOUNT_SIGNUP_FORM_CLASS, so that module cannot import allauth's forms in turn.)
"""

from allauth.account import forms as allauth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# allauth's wording that the site keeps but translates itself (allauth's Arabic has a stray
# direction mark in it): named here so that the site's catalogue, which Django prefers to
# allauth's, holds it.
KEPT_FROM_ALLAUTH = (gettext_noop("You must type the same password each time."),)


def in_our_words(form, labels: dict) -> None:
    """Give `form`'s fields the site's labels, and no placeholders."""
    for name, field in form.fields.items():
        if name in labels:
            field.label = labels[name]
        field.widget.attrs.pop("placeholder", None)


class LoginForm(allauth.LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_our_words(
            self,
            {"login": _("Email"), "password": _("Password"), "remember": _("Stay signed in")},
        )


class ResetPasswordForm(allauth.ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_our_words(self, {"email": _("Email")})


class ChangePasswordForm(allauth.ChangePasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_our_words(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": _("New password"),
                "password2": _("New password again"),
            },
        )


class ResetPasswordKeyForm(allauth.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_our_words(self, {"password1": _("New password"), "password2": _("New password again")})
