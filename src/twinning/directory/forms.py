from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from twinning.directory.models import Group, GroupRole, Partner


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "name_ar", "description", "description_ar"]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "description": forms.Textarea(attrs={"rows": 6, "dir": "ltr", "lang": "en"}),
            "description_ar": forms.Textarea(attrs={"rows": 6, "dir": "rtl", "lang": "ar"}),
        }


class AddPersonForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_("They must already have an account on the platform."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=GroupRole.Role.choices, initial=GroupRole.Role.MEMBER
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No one has an account with this address. Ask them to join first.")
            )
        self.cleaned_data["user"] = user
        return email


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=[*GroupRole.Role.choices, ("remove", _("Remove from the group"))]
    )
