"""What every app's forms share, and the core's own forms.

Every form in the apps derives from `Form` or `ModelForm` below, so that each one-line text
field (a title, a name, a reason: any `CharField` that is not a `Textarea`) refuses line
breaks and other control characters. Such text ends up in email subjects, calendar files,
CSV cells and letters, where a line break starts a new header, property or row; Django would
refuse to send the email, and the person would never know. Multi-line fields (descriptions,
agendas, minutes) keep their line breaks; passwords are taken as typed. Every text box takes
the direction of what is typed in it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import DateTimeBaseInput
from django.utils.translation import gettext_lazy as _

from twinning.core.text import CONTROL_CHARACTERS, LINE_BREAKS

LINE_BREAK_MESSAGE = _("This must be one line: remove the line break.")
CONTROL_CHARACTER_MESSAGE = _(
    "This must be one line of plain text: remove the tab or other invisible control character."
)


def validate_one_line(value: str) -> None:
    """Refuse a line break, a tab or another control character (NUL is refused by every
    CharField already, with its own message)."""
    if LINE_BREAKS.search(value):
        raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")
    if CONTROL_CHARACTERS.search(value.replace("\x00", "")):
        raise ValidationError(CONTROL_CHARACTER_MESSAGE, code="control_character")


def is_one_line(field: forms.Field) -> bool:
    """Whether a form field takes one line of text."""
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.Textarea | forms.PasswordInput
    )


class OneLineFields:
    """Gives every one-line text field of the form `validate_one_line`, including fields a
    form adds or replaces in its `__init__` (so it is done when the form is cleaned)."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for field in self.fields.values():
            if is_one_line(field) and validate_one_line not in field.validators:
                field.validators.append(validate_one_line)  # the form's own copy of the field
        super().full_clean()  # type: ignore[misc]


class DirectedBoundField(forms.BoundField):
    """A text box takes the direction of what is typed in it (`dir="auto"`): a name in
    English typed on an Arabic page is laid out left to right, and Arabic on an English page
    right to left, with its full stops and brackets where they belong."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        typed = isinstance(widget, forms.Textarea | forms.TextInput | forms.SearchInput)
        if typed and not isinstance(widget, DateTimeBaseInput):
            attrs.setdefault("dir", "auto")
        return attrs


class Form(OneLineFields, forms.Form):
    """The base of every form in the apps (see the module's docstring)."""

    bound_field_class = DirectedBoundField


class ModelForm(OneLineFields, forms.ModelForm):
    """The base of every model form in the apps (see the module's docstring)."""

    bound_field_class = DirectedBoundField


class AuditFilterForm(Form):
    action = forms.CharField(
        label=_("Kind of change (for example group. or user.)"), required=False, max_length=80
    )


class MessageForm(Form):
    """A message written through the site by someone who may have no account (to a group, to
    the network): who they are, where to reply, and what they say. `website` is a hidden field
    no person fills: a form that has it filled was sent by a program."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("The reply comes to this address. Only the people you write to see it."),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    website = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    @property
    def from_a_program(self) -> bool:
        return bool(self.cleaned_data.get("website"))
