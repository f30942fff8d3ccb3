from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.directory.models import Group, GroupRole, Interest, Partner
from twinning.directory.models.links import LinkKind, LinkStatus
from twinning.directory.search import search_ids
from twinning.places.fields import PlacePickerField
from twinning.places.models import Governorate, Nation

DESCRIPTION_LIMIT = 10_000


class GroupForm(forms.ModelForm):
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown. Shown on the public page."),
    )

    place = PlacePickerField(country="GB", required=False, label=_("Place"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Group
        fields = [
            "name",
            "kind",
            "place",
            "founded_on",
            "interests",
            "description",
            "website",
            "public_email",
            "show_public_email",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "interests": forms.CheckboxSelectMultiple,
        }


class GroupProposeForm(GroupForm):
    """'Add your group': what the directory needs to show it."""

    class Meta(GroupForm.Meta):
        fields = ["name", "kind", "place", "founded_on", "interests", "description", "website"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Do not accept"))]
    )
    reason = forms.CharField(
        label=_("Reason (sent to the group when not accepted)"), required=False, max_length=500
    )


class PartnerForm(forms.ModelForm):
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


class InviteForm(forms.Form):
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


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=[*GroupRole.Role.choices, ("remove", _("Remove from the group"))]
    )


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Names in English or Arabic, places, descriptions: any spelling."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class LinkFilterForm(DirectorySearchForm):
    """Search and filters for the public list of links."""

    kind = forms.ChoiceField(
        label=_("Kind of link"), required=False, choices=[("", _("Any")), *LinkKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any")),
            (LinkStatus.ACTIVE, LinkStatus.ACTIVE.label),
            (LinkStatus.DORMANT, LinkStatus.DORMANT.label),
            (LinkStatus.ENDED, LinkStatus.ENDED.label),
        ],
    )
    governorate = forms.ChoiceField(
        label=_("Governorate"), required=False, choices=[("", _("Any")), *Governorate.choices]
    )
    nation = forms.ChoiceField(
        label=_("UK nation"), required=False, choices=[("", _("Any")), *Nation.choices]
    )
    interest = forms.ModelChoiceField(
        label=_("Interest"),
        required=False,
        queryset=Interest.objects.all(),
        to_field_name="slug",
        empty_label=_("Any"),
    )

    def apply(self, links):
        data = self.cleaned_data
        if data["q"]:
            links = links.filter(pk__in=search_ids(data["q"], "link"))
        if data["kind"]:
            links = links.filter(kind=data["kind"])
        if data["status"]:
            links = links.filter(status=data["status"])
        if data["governorate"]:
            links = links.filter(partner__place__governorate=data["governorate"])
        if data["nation"]:
            links = links.filter(group__place__nation=data["nation"])
        if data["interest"]:
            links = links.filter(
                models.Q(group__interests=data["interest"])
                | models.Q(partner__interests=data["interest"], partner__sensitive=False)
            ).distinct()
        return links


class LinkStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=500, widget=forms.TextInput
    )

    def __init__(self, *args, link, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from twinning.directory.models.links import NEXT_STATUSES

        allowed = NEXT_STATUSES[LinkStatus(link.status)]
        self.fields["status"].choices = [(s.value, s.label) for s in LinkStatus if s in allowed]


class LinkProposeForm(forms.Form):
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
