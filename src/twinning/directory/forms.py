from django import forms
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from twinning.core.forms import Form, ModelForm
from twinning.directory import importing
from twinning.directory.logos import prepare_logo
from twinning.directory.models import (
    Group,
    GroupKind,
    GroupRole,
    Interest,
    Partner,
    PartnerKind,
    WorkingLanguage,
)
from twinning.directory.models.links import LinkKind, LinkStatus
from twinning.directory.search import search_ids
from twinning.places.fields import PlacePickerField
from twinning.places.models import Governorate, Nation
from twinning.places.services import british_counties

DESCRIPTION_LIMIT = 10_000


class GroupForm(ModelForm):
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown. Shown on the public page."),
    )

    place = PlacePickerField(country="GB", required=False, label=_("Place"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=WorkingLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages the group can work and write in."),
    )

    class Meta:
        model = Group
        fields = [
            "name",
            "kind",
            "place",
            "founded_on",
            "interests",
            "languages",
            "description",
            "website",
            "public_email",
            "show_public_email",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "interests": forms.CheckboxSelectMultiple,
        }


class GroupEditForm(GroupForm):
    """An organiser's edit of their group, with its logo."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "A PNG, JPEG, WebP or GIF picture up to 2 MB. It is shown at most 400 pixels wide."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
        ),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        return prepare_logo(upload.read())


class GroupProposeForm(GroupForm):
    """'Add your group': what the directory needs to show it."""

    class Meta(GroupForm.Meta):
        fields = [
            "name",
            "kind",
            "place",
            "founded_on",
            "interests",
            "languages",
            "description",
            "website",
        ]


class ReviewForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Do not accept"))]
    )
    reason = forms.CharField(
        label=_("Reason (sent to the group when not accepted)"), required=False, max_length=500
    )


class PartnerReviewForm(ReviewForm):
    make_contact = forms.BooleanField(
        label=_("Make the person who added it the partner's contact (they can then edit it)"),
        required=False,
    )


class PartnerForm(ModelForm):
    description = forms.CharField(
        label=_("Description in English"),
        required=False,
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr", "lang": "en"}),
    )
    description_ar = forms.CharField(
        label=_("Description in Arabic"),
        required=False,
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "rtl", "lang": "ar"}),
    )

    place = PlacePickerField(country="PS", required=False, label=_("Place"))

    class Meta:
        model = Partner
        fields = [
            "name",
            "name_ar",
            "kind",
            "place",
            "interests",
            "description",
            "description_ar",
            "sensitive",
        ]
        widgets = {
            "interests": forms.CheckboxSelectMultiple,
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
        }


class PartnerProposeForm(PartnerForm):
    """'Add a partner': a Palestinian community or organisation the directory lacks."""

    speaks_for_it = forms.BooleanField(
        label=_("I am part of this community or organisation and can speak for it"),
        required=False,
        help_text=_("If a coordinator approves it, you become its contact and can edit it."),
    )


class InviteForm(Form):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_(
            "We email them a link. They join the group when they accept, "
            "with an account they already have or one they create."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=GroupRole.Role.choices, initial=GroupRole.Role.MEMBER
    )


class ChangeRoleForm(Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=[*GroupRole.Role.choices, ("remove", _("Remove from the group"))]
    )


def _any(choices) -> list:
    return [("", _("Any")), *choices]


def _interest_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Interest"),
        required=False,
        queryset=Interest.objects.all(),
        to_field_name="slug",
        empty_label=_("Any"),
    )


def _county_field() -> forms.CharField:
    return forms.CharField(
        label=_("County or council area"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"list": "county-list", "autocomplete": "off"}),
    )


class DirectorySearchForm(Form):
    """A search box over one kind of directory entry, with its filters.

    Subclasses name the search `kind` and add filters; `apply` narrows a
    queryset by every filter given.
    """

    kind_of_entry = ""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Names in English or Arabic, places, descriptions: any spelling."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def apply(self, objects):
        if self.cleaned_data["q"]:
            objects = objects.filter(pk__in=search_ids(self.cleaned_data["q"], self.kind_of_entry))
        return self.narrow(objects, self.cleaned_data)

    def narrow(self, objects, data):
        return objects

    @property
    def searched(self) -> bool:
        """Whether the person asked for anything (a word or a filter), so an empty list is a
        search that found nothing rather than a directory with nothing in it."""
        return self.is_valid() and any(value for value in self.cleaned_data.values())


class _CountySuggestions:
    """Offers the counties as suggestions for a form's county box (see includes/form.html)."""

    @cached_property
    def datalists(self) -> dict[str, list[str]]:
        return {"county-list": british_counties()}


class GroupFilterForm(_CountySuggestions, DirectorySearchForm):
    """Search and filters for the public list of British groups."""

    kind_of_entry = "group"

    kind = forms.ChoiceField(
        label=_("Kind of group"), required=False, choices=_any(GroupKind.choices)
    )
    nation = forms.ChoiceField(label=_("UK nation"), required=False, choices=_any(Nation.choices))
    county = _county_field()
    interest = _interest_field()

    def narrow(self, groups, data):
        if data["kind"]:
            groups = groups.filter(kind=data["kind"])
        if data["nation"]:
            groups = groups.filter(place__nation=data["nation"])
        if data["county"]:
            groups = groups.filter(place__county__iexact=data["county"])
        if data["interest"]:
            groups = groups.filter(interests=data["interest"])
        return groups


class PartnerFilterForm(DirectorySearchForm):
    """Search and filters for the public list of Palestinian partners.

    A sensitive partner shows only its kind and governorate, so only those
    two filters can find it.
    """

    kind_of_entry = "partner"

    kind = forms.ChoiceField(
        label=_("Kind of partner"), required=False, choices=_any(PartnerKind.choices)
    )
    governorate = forms.ChoiceField(
        label=_("Governorate"), required=False, choices=_any(Governorate.choices)
    )
    interest = _interest_field()

    def narrow(self, partners, data):
        if data["kind"]:
            partners = partners.filter(kind=data["kind"])
        if data["governorate"]:
            partners = partners.filter(place__governorate=data["governorate"])
        if data["interest"]:
            partners = partners.filter(interests=data["interest"], sensitive=False)
        return partners


class LinkFilterForm(_CountySuggestions, DirectorySearchForm):
    """Search and filters for the public list of links."""

    kind_of_entry = "link"

    kind = forms.ChoiceField(
        label=_("Kind of link"), required=False, choices=_any(LinkKind.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_any(
            (status, status.label)
            for status in (LinkStatus.ACTIVE, LinkStatus.DORMANT, LinkStatus.ENDED)
        ),
    )
    governorate = forms.ChoiceField(
        label=_("Governorate"), required=False, choices=_any(Governorate.choices)
    )
    nation = forms.ChoiceField(label=_("UK nation"), required=False, choices=_any(Nation.choices))
    county = _county_field()
    interest = _interest_field()

    def __init__(self, *args, proposed: bool = False, **kwargs) -> None:
        """`proposed`: the person may list proposed links too (coordinators)."""
        super().__init__(*args, **kwargs)
        if proposed:
            self.fields["status"].choices = [
                *self.fields["status"].choices,
                (LinkStatus.PROPOSED.value, LinkStatus.PROPOSED.label),
            ]

    def shown(self, links):
        """The links to list: the public ones, or those still proposed when asked for (a
        choice only coordinators have)."""
        if self.is_valid() and self.cleaned_data["status"] == LinkStatus.PROPOSED:
            return links.filter(status=LinkStatus.PROPOSED)
        return links.public()

    def narrow(self, links, data):
        if data["kind"]:
            links = links.filter(kind=data["kind"])
        if data["status"]:
            links = links.filter(status=data["status"])
        if data["governorate"]:
            links = links.filter(governorate=data["governorate"])
        if data["nation"]:
            links = links.filter(group__place__nation=data["nation"])
        if data["county"]:
            links = links.filter(group__place__county__iexact=data["county"])
        if data["interest"]:
            links = links.filter(
                models.Q(group__interests=data["interest"])
                | models.Q(partner__interests=data["interest"], partner__sensitive=False)
            ).distinct()
        return links


class LinkStatusForm(Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=500, widget=forms.TextInput
    )

    def __init__(self, *args, moves, **kwargs) -> None:
        """`moves`: the statuses this person may move the link to (`access.link_moves`)."""
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in LinkStatus if s in moves]


class LinkProposeForm(Form):
    partner = forms.ModelChoiceField(
        label=_("Palestinian partner"), queryset=Partner.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind of link"), choices=LinkKind.choices)
    story = forms.CharField(
        label=_("What you hope the link will be (optional)"),
        required=False,
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_directory()
        self.fields["partner"].label_from_instance = lambda partner: partner.public_label(language)


class ImportUploadForm(Form):
    """The file to import; `cleaned_data["content"]` holds its bytes, read a chunk at a
    time and refused as soon as they pass the limit."""

    file = forms.FileField(
        label=_("Spreadsheet (CSV or Excel .xlsx)"),
        help_text=_(
            "One row per link. The first row names the columns: group, town, partner, place, "
            "and if you have them kind, since, contact, status, story. Nothing is imported "
            "until you have seen the check."
        ),
    )

    def clean(self) -> dict:
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is not None:
            try:
                cleaned_data["content"] = importing.read_bounded(upload.chunks())
            except importing.ImportFileError as error:
                self.add_error("file", str(error))
        return cleaned_data


class ImportStartForm(Form):
    accept_valid = forms.BooleanField(required=False)
