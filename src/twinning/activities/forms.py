"""Forms for a group's activities. They validate; services make the changes."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.activities.models import Meeting, MeetingPerson
from twinning.directory.access import can_see_partner_in_full
from twinning.directory.models import Group, Link
from twinning.directory.models.links import LinkStatus

LONG_TEXT = 50_000


def new_nonce() -> str:
    return secrets.token_hex(16)


class LinkChoiceField(forms.ModelChoiceField):
    """One of the group's links, named by its partner as the person may see it."""

    def __init__(self, *args, user=None, language: str = "en", **kwargs) -> None:
        self.user = user
        self.language = language
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Link) -> str:
        partner = obj.partner
        if partner.sensitive and not can_see_partner_in_full(self.user, partner):
            return partner.public_label(self.language)
        if self.language == "ar" and partner.name_ar:
            return partner.name_ar
        return partner.name


class MeetingForm(forms.ModelForm):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=24 * 60, initial=90
    )
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=Meeting._meta.get_field("online_url").help_text,
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: a line starting with “-” is a list item."),
    )
    invite = forms.BooleanField(
        label=_("Email the invitation to everyone it is for"),
        required=False,
        initial=True,
        help_text=_(
            "The group's members and, for a joint meeting, the partner's contacts, each in "
            "their own language, with a file that adds it to their calendar."
        ),
    )
    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    field_order = [
        "title", "day", "start", "time_zone", "duration", "where", "online_url", "link",
        "agenda", "invite",
    ]  # fmt: skip

    class Meta:
        model = Meeting
        fields = ["title", "time_zone", "duration", "where", "online_url", "link"]

    def __init__(self, *args, group: Group, user, language: str = "en", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        links = (
            Link.objects.filter(group=group)
            .exclude(status=LinkStatus.ENDED)
            .select_related("partner__place")
            .order_by("partner__name")
        )
        if self.instance.pk and self.instance.link_id:
            links = links | Link.objects.filter(pk=self.instance.link_id)
        self.fields["link"] = LinkChoiceField(
            queryset=links.select_related("partner__place"),
            required=False,
            user=user,
            language=language,
            label=_("A joint meeting with"),
            empty_label=_("— the group's own meeting —"),
            help_text=Meeting._meta.get_field("link").help_text,
        )
        if self.instance.pk:
            del self.fields["invite"]
            del self.fields["nonce"]
            local = self.instance.local_start(self.instance.time_zone)
            self.initial.setdefault("day", local.date())
            self.initial.setdefault("start", local.time().replace(second=0, microsecond=0))
            self.initial.setdefault("agenda", self.instance.agenda)
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]
            self.initial.setdefault("nonce", new_nonce())

    def clean(self) -> dict:
        cleaned = super().clean()
        day, start, zone = cleaned.get("day"), cleaned.get("start"), cleaned.get("time_zone")
        if day and start and zone:
            local = datetime.datetime.combine(day, start, tzinfo=ZoneInfo(zone))
            back = local.astimezone(datetime.UTC).astimezone(ZoneInfo(zone))
            if back.replace(tzinfo=None) != local.replace(tzinfo=None):
                self.add_error(
                    "start",
                    _("The clocks go forward at that hour that day: choose another time."),
                )
            else:
                cleaned["starts_at"] = local
        return cleaned

    def _post_clean(self) -> None:
        # The model's own checks run in the service, once the start is known.
        pass


class RespondForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Are you coming?"),
        choices=[(value, label) for value, label in MeetingPerson.Response.choices if value],
        widget=forms.RadioSelect,
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown. The group's members see them on the meeting's page."),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class AttendanceForm(forms.Form):
    came = forms.MultipleChoiceField(
        label=_("Who came"), required=False, widget=forms.CheckboxSelectMultiple
    )
    others = forms.IntegerField(
        label=_("Others who came"),
        required=False,
        min_value=0,
        max_value=10_000,
        help_text=_("Guests, people not on the platform, and the partner's side."),
    )

    def __init__(self, *args, people: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["came"].choices = [
            (str(person.pk), person.display_name or str(_("(no name)"))) for person in people
        ]
