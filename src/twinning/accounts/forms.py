from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User
from twinning.core.forms import Form, ModelForm


class SignupForm(Form):
    """Extra fields on allauth's sign-up form: a name and a dated consent."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("How other members will see you. It is never shown on public pages."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Your language"),
        help_text=_("For your pages when you sign in, and for the emails we send you."),
        choices=settings.LANGUAGES,
        initial="en",
    )
    accept_terms = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree to the platform keeping my details "
            "as it describes."
        ),
        error_messages={"required": _("Please agree to the privacy notice to create an account.")},
    )

    # allauth's form adds email and passwords, then applies this order.
    field_order = [
        "email",
        "display_name",
        "password1",
        "password2",
        "preferred_language",
        "accept_terms",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # someone signing up on the Arabic pages is offered Arabic
        self.fields["preferred_language"].initial = get_language() or "en"

    def signup(self, request, user: User) -> None:
        from twinning.accounts.services import user_record_consent, user_update_profile

        user_update_profile(
            user=user,
            display_name=self.cleaned_data["display_name"],
            preferred_language=self.cleaned_data["preferred_language"],
        )
        user_record_consent(user=user, purpose="terms", given=True)


class ProfileForm(ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]


class RolesForm(ModelForm):
    class Meta:
        model = User
        fields = ["is_coordinator", "is_advisor"]


class EraseForm(Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class PeopleSearchForm(Form):
    q = forms.CharField(label=_("Name or email"), required=False, max_length=200)


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("For example: the network's map on our website."),
    )
    nonce = forms.CharField(widget=forms.HiddenInput, max_length=32, required=False)
