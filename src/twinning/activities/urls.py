from django.urls import path

from twinning.activities.views import campaigning, fundraising, health, meetings, visits

app_name = "activities"

urlpatterns = [
    path("groups/<slug:slug>/meetings/", meetings.meetings, name="meetings"),
    path("groups/<slug:slug>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("groups/<slug:slug>/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("groups/<slug:slug>/meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/answer/",
        meetings.meeting_respond,
        name="meeting_respond",
    ),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/cancel/",
        meetings.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/who-came/",
        meetings.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/minutes/",
        meetings.meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/meeting.ics", meetings.meeting_ics, name="meeting_ics"
    ),
    path(
        "groups/<slug:slug>/meetings/calendar-address/",
        meetings.calendar_address,
        name="calendar_address",
    ),
    path(
        "groups/<slug:slug>/meetings/calendar/<slug:token>.ics",
        meetings.calendar_feed,
        name="calendar_feed",
    ),
]

visit = "groups/<slug:slug>/visits/<int:pk>/"
urlpatterns += [
    path("groups/<slug:slug>/visits/", visits.visits, name="visits"),
    path("groups/<slug:slug>/visits/new/", visits.visit_new, name="visit_new"),
    path(visit, visits.visit_detail, name="visit"),
    path(f"{visit}edit/", visits.visit_edit, name="visit_edit"),
    path(f"{visit}status/", visits.visit_status, name="visit_status"),
    path(f"{visit}days/", visits.visit_day_add, name="visit_day_add"),
    path(f"{visit}days/<int:day>/", visits.visit_day, name="visit_day"),
    path(f"{visit}people/", visits.visit_participants, name="visit_participants"),
    path(f"{visit}people.csv", visits.visit_participants_csv, name="visit_participants_csv"),
    path(f"{visit}people/<int:person>/", visits.participant_edit, name="participant"),
    path(
        f"{visit}people/<int:person>/invitation-letter.pdf",
        visits.participant_letter,
        name="participant_letter",
    ),
    path(f"{visit}report/", visits.visit_report, name="visit_report"),
    path(f"{visit}report/photos/", visits.visit_photo_add, name="visit_photo_add"),
    path(
        f"{visit}report/photos/<int:photo>/remove/",
        visits.visit_photo_remove,
        name="visit_photo_remove",
    ),
    path(f"{visit}photos/<int:photo>.jpg", visits.visit_photo, name="visit_photo"),
    path(f"{visit}story/", visits.visit_public_report, name="visit_public_report"),
]

appeal = "groups/<slug:slug>/appeals/<int:pk>/"
urlpatterns += [
    path("groups/<slug:slug>/appeals/", fundraising.appeals, name="appeals"),
    path("groups/<slug:slug>/appeals/new/", fundraising.appeal_new, name="appeal_new"),
    path(appeal, fundraising.appeal_detail, name="appeal"),
    path(f"{appeal}edit/", fundraising.appeal_edit, name="appeal_edit"),
    path(f"{appeal}donations/", fundraising.donation_add, name="donation_add"),
    path(f"{appeal}sent/", fundraising.transfer_add, name="transfer_add"),
    path(
        f"{appeal}donations/<int:entry>/",
        fundraising.entry_edit,
        {"kind": "donations"},
        name="donation",
    ),
    path(f"{appeal}sent/<int:entry>/", fundraising.entry_edit, {"kind": "sent"}, name="transfer"),
    path(
        f"{appeal}sent/<int:entry>/arrived/",
        fundraising.transfer_confirm,
        name="transfer_confirm",
    ),
    path(f"{appeal}ledger.csv", fundraising.appeal_ledger_csv, name="appeal_ledger_csv"),
    path(f"{appeal}public/", fundraising.appeal_public, name="appeal_public"),
]

contact = "groups/<slug:slug>/contacts/<int:pk>/"
public_meeting = "groups/<slug:slug>/public-meetings/<int:pk>/"
urlpatterns += [
    path("groups/<slug:slug>/contacts/", campaigning.contacts, name="contacts"),
    path("groups/<slug:slug>/contacts/new/", campaigning.contact_new, name="contact_new"),
    path(contact, campaigning.contact_detail, name="contact"),
    path(f"{contact}edit/", campaigning.contact_edit, name="contact_edit"),
    path(f"{contact}log/", campaigning.interaction_add, name="interaction_add"),
    path(
        "groups/<slug:slug>/public-meetings/", campaigning.public_meetings, name="public_meetings"
    ),
    path(
        "groups/<slug:slug>/public-meetings/new/",
        campaigning.public_meeting_new,
        name="public_meeting_new",
    ),
    path(public_meeting, campaigning.public_meeting_detail, name="public_meeting"),
    path(f"{public_meeting}edit/", campaigning.public_meeting_edit, name="public_meeting_edit"),
    path("whats-on/", campaigning.whats_on, name="whats_on"),
]

urlpatterns += [path("links/quiet/", health.link_health, name="link_health")]
