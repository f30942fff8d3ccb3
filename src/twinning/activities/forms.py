"""Forms for a group's activities. They validate; services make the changes."""

import datetime
import secrets
from decimal import Decimal
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.activities.models import (
    Appeal,
    CampaignContact,
    Donation,
    Interaction,
    Meeting,
    MeetingPerson,
    Participant,
    PublicMeeting,
    Transfer,
    Visit,
    VisitDay,
    VisitPhoto,
    VisitStatus,
)
from twinning.activities.photos import MAX_UPLOAD_BYTES
from twinning.core.forms import Form, ModelForm
from twinning.directory.access import can_see_partner_in_full
from twinning.directory.models import Group, Link
from twinning.directory.models.links import LinkStatus

LONG_TEXT = 50_000
UK_ZONE = "Europe/London"
# Dates of meetings and visits: from some years back (recording the past) to some years ahead.
YEARS_BACK, YEARS_AHEAD = 10, 10
OUT_OF_REACH = _("Choose a date within ten years of today.")
NOT_YET = _("This day has not come yet: record it once it has happened.")


CLOCKS_SKIP = _("The clocks go forward at that hour that day: choose another time.")


def local_datetime(day: datetime.date, start: datetime.time, zone: str):
    """`day` at `start` in `zone`, or None when the clocks skip that hour that day."""
    local = datetime.datetime.combine(day, start, tzinfo=ZoneInfo(zone))
    back = local.astimezone(datetime.UTC).astimezone(ZoneInfo(zone))
    return local if back.replace(tzinfo=None) == local.replace(tzinfo=None) else None


# Characters that turn the direction of the text around them: in a name on a letter, they
# could make it read as something else.
DIRECTION_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_direction_marks(text: str) -> str:
    return text.translate(DIRECTION_MARKS)


def within_reach(day: datetime.date) -> bool:
    today = timezone.localdate()
    return today.year - YEARS_BACK <= day.year <= today.year + YEARS_AHEAD


def new_nonce() -> str:
    return secrets.token_hex(16)


class ActivityForm(ModelForm):
    """A form for one of the activities' records, with what they all share:

    - a new record's form carries a nonce, so that the form sent twice makes one record;
    - an existing record's form carries the version it was opened with (when the model has
      one), so that a save over someone else's newer one is noticed;
    - the dates named in `dates` are kept within ten years of today, and those in
      `past_dates` may not be in the future either;
    - the model's own checks run in the service, once the values the form derives (a start
      from a day, a time and a zone) are known: `_post_clean` does not build the instance.
    """

    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    dates: tuple[str, ...] = ()
    past_dates: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["nonce"]
            if hasattr(self.instance, "version"):
                self.initial.setdefault("version", self.instance.version)
            else:
                del self.fields["version"]
        else:
            del self.fields["version"]
            self.initial.setdefault("nonce", new_nonce())

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in (*self.dates, *self.past_dates):
            day = cleaned.get(name)
            if day and not within_reach(day):
                self.add_error(name, OUT_OF_REACH)  # which also drops it from cleaned_data
            elif day and name in self.past_dates and day > timezone.localdate():
                self.add_error(name, NOT_YET)
        return cleaned

    def _post_clean(self) -> None:
        pass


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


class MeetingForm(ActivityForm):
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
    dates = ("day",)

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
        # a joint meeting emails the partner: only along a link both sides agreed to
        links = (
            Link.objects.filter(group=group, status__in=(LinkStatus.ACTIVE, LinkStatus.DORMANT))
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
            local = self.instance.local_start(self.instance.time_zone)
            self.initial.setdefault("day", local.date())
            self.initial.setdefault("start", local.time().replace(second=0, microsecond=0))
            self.initial.setdefault("agenda", self.instance.agenda)

    def clean(self) -> dict:
        cleaned = super().clean()
        day, start, zone = cleaned.get("day"), cleaned.get("start"), cleaned.get("time_zone")
        if day and start and zone:
            local = local_datetime(day, start, zone)
            if local is None:
                self.add_error("start", CLOCKS_SKIP)
            else:
                cleaned["starts_at"] = local
        return cleaned


class RespondForm(Form):
    response = forms.ChoiceField(
        label=_("Are you coming?"),
        choices=[(value, label) for value, label in MeetingPerson.Response.choices if value],
        widget=forms.RadioSelect,
    )


class MinutesForm(Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown. The group's members see them on the meeting's page."),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class AttendanceForm(Form):
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


class VisitForm(ActivityForm):
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=Visit._meta.get_field("purpose").help_text,
    )
    budget = forms.DecimalField(
        label=_("Budget (£)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("In pounds, for example 2400.00."),
    )
    dates = ("starts_on", "ends_on")

    class Meta:
        model = Visit
        fields = [
            "title", "direction", "link", "starts_on", "ends_on", "purpose", "hosts", "who_pays",
            "budget", "budget_notes",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hosts": forms.Textarea(attrs={"rows": 3}),
            "who_pays": forms.Textarea(attrs={"rows": 3}),
            "budget_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, group: Group, user, language: str = "en", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        links = Link.objects.filter(group=group).exclude(status=LinkStatus.ENDED)
        if self.instance.pk:
            links = links | Link.objects.filter(pk=self.instance.link_id)
        self.fields["link"] = LinkChoiceField(
            queryset=links.select_related("partner__place").order_by("partner__name"),
            user=user,
            language=language,
            label=_("With"),
            help_text=_("The link the visit belongs to."),
        )
        for name in ("hosts", "who_pays", "budget_notes"):
            self.fields[name].validators.append(MaxLengthValidator(5_000))

    def clean(self) -> dict:
        cleaned = super().clean()
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last day cannot come before the first."))
        elif first and last and (last - first).days >= 366:
            self.add_error("ends_on", _("A visit lasts less than a year."))
        return cleaned


class VisitStatusForm(Form):
    status = forms.ChoiceField(label=_("Move the visit to"), choices=VisitStatus.choices)


class VisitDayForm(ActivityForm):
    class Meta:
        model = VisitDay
        fields = ["day", "place", "host", "programme"]
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "programme": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].validators.append(MaxLengthValidator(5_000))


class ParticipantForm(ActivityForm):
    """Someone on a visit. The passport fields are offered only to those who may see them."""

    user = forms.ModelChoiceField(
        label=_("A person on the platform"),
        queryset=None,
        required=False,
        empty_label=_("— a guest, not on the platform —"),
    )

    class Meta:
        model = Participant
        fields = [
            "user", "name", "name_ar", "role", "date_of_birth", "nationality", "passport_number",
            "passport_expires_on",
        ]  # fmt: skip
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "passport_expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, people, passports: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].label_from_instance = lambda person: (
            person.display_name or _("(no name)")
        )
        self.fields["name"].required = False
        self.fields["name"].help_text = _(
            "As in the passport, in Latin letters. For a person on the platform, leave it empty "
            "to use their name."
        )
        if self.instance.pk:
            del self.fields["user"]
        if not passports:
            for name in Participant.PASSPORT_FIELDS:
                del self.fields[name]
        else:
            for name in Participant.PASSPORT_FIELDS:
                self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("name", "name_ar", "role"):
            if cleaned.get(name):
                cleaned[name] = without_direction_marks(cleaned[name])
        born = cleaned.get("date_of_birth")
        if born and not (datetime.date(1900, 1, 1) <= born <= timezone.localdate()):
            self.add_error("date_of_birth", _("Check the date of birth."))
        if not cleaned.get("name") and not cleaned.get("user") and not self.instance.pk:
            self.add_error("name", _("Give the guest's full name."))
        if self.instance.pk and "name" in self.fields and not cleaned.get("name"):
            self.add_error("name", _("Give the full name."))
        return cleaned


class ReportForm(Form):
    """The report; whether it is public is asked once the visit is completed."""

    report = forms.CharField(
        label=_("Report"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=Visit._meta.get_field("report").help_text,
    )
    public = forms.BooleanField(
        label=Visit._meta.get_field("report_public").verbose_name,
        required=False,
        help_text=Visit._meta.get_field("report_public").help_text,
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, completed: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not completed:
            self.fields["public"].disabled = True
            self.fields["public"].help_text = _(
                "The report can be made public once the visit is completed."
            )


class PhotoForm(Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG, WebP or GIF, up to 8 MB."))
    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    caption = forms.CharField(
        label=_("Caption"),
        max_length=300,
        help_text=VisitPhoto._meta.get_field("caption").help_text,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("nonce", new_nonce())

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        if photo.size > MAX_UPLOAD_BYTES:  # refused before it is read
            raise forms.ValidationError(_("The photo is larger than 8 MB: choose a smaller one."))
        return photo


def _money(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01"),
        max_value=Decimal("9999999999.99"),
        max_digits=12,
        decimal_places=2,
        **kwargs,
    )


class AppealForm(ActivityForm):
    target = _money(_("Target (£)"), help_text=_("In pounds, for example 5000.00."))
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=Appeal._meta.get_field("purpose").help_text,
    )
    dates = ("starts_on", "ends_on")

    class Meta:
        model = Appeal
        fields = ["title", "link", "purpose", "target", "starts_on", "ends_on", "public"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, group: Group, user, language: str = "en", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        links = Link.objects.filter(group=group).exclude(status=LinkStatus.ENDED)
        if self.instance.link_id:
            links = links | Link.objects.filter(pk=self.instance.link_id)
        if not self.instance.pk:
            self.initial.setdefault("starts_on", timezone.localdate())
        self.fields["link"] = LinkChoiceField(
            queryset=links.select_related("partner__place").order_by("partner__name"),
            required=False,
            user=user,
            language=language,
            label=_("For the partner of"),
            empty_label=_("— not for a partner —"),
            help_text=Appeal._meta.get_field("link").help_text,
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("An appeal cannot close before it opens."))
        return cleaned


class DonationForm(ActivityForm):
    amount = _money(_("Amount (£)"))
    past_dates = ("received_on",)

    class Meta:
        model = Donation
        fields = ["amount", "received_on", "method", "donor", "gift_aid", "note"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("gift_aid") and not cleaned.get("donor"):
            self.add_error("donor", _("A Gift Aid declaration needs the donor's name."))
        return cleaned


class TransferForm(ActivityForm):
    amount = _money(_("Amount (£)"))
    past_dates = ("sent_on", "confirmed_on")

    class Meta:
        model = Transfer
        fields = ["amount", "sent_on", "how", "reference", "confirmation", "confirmed_on"]
        widgets = {
            "sent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "confirmed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("sent_on", timezone.localdate())
        if self.instance.confirmed_by_id is not None:
            # confirmed by the partner on the platform: theirs, not the group's, to word
            del self.fields["confirmation"]
            del self.fields["confirmed_on"]
        else:
            self.fields["confirmation"].help_text = _(
                "For a partner not on the platform: how they told you it arrived."
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        sent, arrived = cleaned.get("sent_on"), cleaned.get("confirmed_on")
        if sent and arrived and arrived < sent:
            self.add_error("confirmed_on", _("Money cannot arrive before it is sent."))
        return cleaned


class ConfirmForm(Form):
    confirmation = forms.CharField(
        label=_("How it arrived"),
        required=False,
        max_length=300,
        help_text=_("For example: “Received in the council's account on 3 March.”"),
    )


class ContactForm(ActivityForm):
    class Meta:
        model = CampaignContact
        fields = ["kind", "name", "organisation", "role", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notes"].validators.append(MaxLengthValidator(LONG_TEXT))


class InteractionForm(ActivityForm):
    past_dates = ("on",)

    class Meta:
        model = Interaction
        fields = ["on", "kind", "summary"]
        widgets = {
            "on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["summary"].validators.append(MaxLengthValidator(LONG_TEXT))
        self.initial.setdefault("on", timezone.localdate())


class PublicMeetingForm(ActivityForm):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=_("Starts at (UK time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    dates = ("day",)

    field_order = ["title", "speakers", "venue", "day", "start", "description"]

    class Meta:
        model = PublicMeeting
        fields = [
            "title", "speakers", "venue", "description", "expected_attendance",
            "actual_attendance", "follow_up",
        ]  # fmt: skip
        widgets = {
            "speakers": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "follow_up": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("expected_attendance", "actual_attendance"):
            self.fields[name].validators.append(MaxValueValidator(100_000))
            self.fields[name].widget.attrs["max"] = 100_000
        for name in ("speakers", "description", "follow_up"):
            self.fields[name].validators.append(MaxLengthValidator(LONG_TEXT))
        if self.instance.pk:
            local = self.instance.starts_at.astimezone(ZoneInfo(UK_ZONE))
            self.initial.setdefault("day", local.date())
            self.initial.setdefault("start", local.time().replace(second=0, microsecond=0))
        else:
            del self.fields["actual_attendance"]
            del self.fields["follow_up"]

    def clean(self) -> dict:
        cleaned = super().clean()
        day, start = cleaned.get("day"), cleaned.get("start")
        if day and start:
            local = local_datetime(day, start, UK_ZONE)
            if local is None:
                self.add_error("start", CLOCKS_SKIP)
            else:
                cleaned["starts_at"] = local
                came = cleaned.get("actual_attendance")
                if came is not None and local > timezone.now():
                    self.add_error(
                        "actual_attendance", _("Record how many came once the meeting is held.")
                    )
        return cleaned
