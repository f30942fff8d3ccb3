from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.forms import Form, ModelForm
from twinning.directory.models import GroupKind, Interest, PartnerKind, WorkingLanguage
from twinning.matching.models import GroupOffer, Hope, Introduction, Stage, TwinRequest

MESSAGE_LIMIT = 5_000


def _choices(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _interests():
    return forms.ModelMultipleChoiceField(
        label=_("Interests"),
        required=False,
        queryset=Interest.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )


def _message(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=help_text,
    )


class RequestForm(Form):
    """A request for a twin, by the partner's contact or a coordinator after a visit."""

    wished_group_kinds = _choices(
        _("What kind of British friend do you hope for?"),
        GroupKind.choices,
        _("Leave all unticked if any kind of group would be welcome."),
    )
    hopes = _choices(_("What do you hope the link will bring?"), Hope.choices)
    interests = _interests()
    languages = _choices(_("Languages you speak"), WorkingLanguage.choices)
    message = _message(
        _("Message in English"),
        _(
            "Tell British groups about your community and your hopes. Shown publicly, on the "
            "page of communities seeking a twin: name no one who could be put at risk."
        ),
    )
    message_ar = _message(_("Message in Arabic"), _("Either language, or both, may be used."))
    visited_on = forms.DateField(
        label=_("Visited by the network on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    visited_by = forms.CharField(
        label=_("Visited by"),
        required=False,
        max_length=200,
        help_text=_("Who from the network visited. Seen by coordinators only."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (TwinRequest.Status.OPEN, _("open: seeking a twin")),
            (TwinRequest.Status.PAUSED, _("paused")),
            (TwinRequest.Status.WITHDRAWN, _("withdrawn")),
        ],
        required=False,
    )

    def __init__(self, *args, coordinator: bool, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not coordinator:  # the visit is recorded by the network
            del self.fields["visited_on"], self.fields["visited_by"]
        if not editing:
            del self.fields["status"]

    def clean_visited_on(self):
        visited_on = self.cleaned_data.get("visited_on")
        if visited_on and visited_on > timezone.localdate():
            raise forms.ValidationError(_("A visit date cannot be in the future."))
        return visited_on

    def clean(self):
        data = super().clean()
        if not (data.get("message") or "").strip() and not (data.get("message_ar") or "").strip():
            raise forms.ValidationError(
                _("Write a few words about your community, in English or in Arabic.")
            )
        return data


class OfferForm(ModelForm):
    """A group says it seeks a Palestinian partner."""

    wished_partner_kinds = _choices(
        _("What kind of Palestinian partner do you hope for?"),
        PartnerKind.choices,
        _("Leave all unticked if any kind of community would be welcome."),
    )
    offers = _choices(_("What can your group bring to a link?"), Hope.choices)
    interests = _interests()
    message = _message(_("Message to the coordinators"))

    class Meta:
        model = GroupOffer
        fields = ["wished_partner_kinds", "offers", "interests", "capacity", "message", "status"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].help_text = _(
            "Pause while you cannot take on a new link; withdraw when you no longer seek one."
        )


class ExpressInterestForm(Form):
    group = forms.ModelChoiceField(label=_("Your group"), queryset=None, empty_label=None)
    message = _message(
        _("Message"),
        _(
            "Why your group would like to twin with this community. Read by the network's "
            "coordinators and the community's contacts."
        ),
    )

    def __init__(self, *args, groups, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        if len(groups) > 1:
            # a person with two groups says which: none is taken for them
            self.fields["group"].empty_label = _("Choose which of your groups")


class AdvanceForm(Form):
    """The next step of an introduction: only the next one is offered, and the kind of link
    only when the next step makes the link."""

    stage = forms.ChoiceField(label=_("Next step"), choices=())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        help_text=_("Seen by the network's coordinators only."),
    )
    kind = forms.ChoiceField(label=_("Kind of link"), required=False, choices=())

    def __init__(self, *args, next_stage: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from twinning.directory.models.links import LinkKind

        self.fields["stage"].choices = [(next_stage, Stage(next_stage).label)]
        self.fields["stage"].initial = next_stage
        if next_stage == Stage.ACTIVE:
            self.fields["kind"].choices = [("", _("as suits the group")), *LinkKind.choices]
        else:
            del self.fields["kind"]


class DeclineForm(Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput,
        help_text=_("Seen by the network's coordinators only."),
    )


class IntroduceForm(Form):
    group = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    score = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=100)


class ExcludeForm(Form):
    group = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("Why not"), required=False, max_length=500)


class AcceptForForm(Form):
    """A coordinator records the answer of a side that has no one on the platform."""

    side = forms.ChoiceField(
        choices=[(Introduction.Side.GROUP, "group"), (Introduction.Side.PARTNER, "partner")],
        widget=forms.HiddenInput,
    )
