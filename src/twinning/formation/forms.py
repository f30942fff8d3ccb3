from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from twinning.core.forms import Form
from twinning.directory.models import GroupKind
from twinning.formation.models import Give
from twinning.places.fields import PlacePickerField


class RegistrationForm(Form):
    """Interest in starting a group: no account needed."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We write to you to confirm; no one else sees it unless you agree below."),
    )
    place = PlacePickerField(
        country="GB",
        label=_("Where you live"),
        help_text=_("Your town or the first half of your postcode (e.g. LS6)."),
        error_messages={"required": _("Say where you live, so we can find people near you.")},
    )
    group_kind = forms.ChoiceField(
        label=_("What kind of group do you imagine?"),
        required=False,
        choices=[("", _("not sure yet")), *GroupKind.choices],
    )
    gives = forms.MultipleChoiceField(
        label=_("What could you give?"),
        required=False,
        choices=Give.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    may_introduce = forms.BooleanField(
        label=_("Introduce me to others nearby who would like to start a group"),
        required=False,
        help_text=_(
            "We then send your name and email to the others nearby who also said yes, and "
            "theirs to you. Without it, no one is told who you are."
        ),
    )
    language = forms.ChoiceField(label=_("Language for our emails"), choices=settings.LANGUAGES)


class StartGroupForm(Form):
    name = forms.CharField(label=_("The group's name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
