from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Kind of change (for example group. or user.)"), required=False, max_length=80
    )
