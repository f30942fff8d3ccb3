from django.urls import path

from twinning.activities import views

app_name = "activities"

urlpatterns = [
    path("groups/<slug:slug>/meetings/", views.meetings, name="meetings"),
    path("groups/<slug:slug>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("groups/<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("groups/<slug:slug>/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/answer/",
        views.meeting_respond,
        name="meeting_respond",
    ),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"
    ),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/who-came/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "groups/<slug:slug>/meetings/<int:pk>/minutes/",
        views.meeting_minutes,
        name="meeting_minutes",
    ),
    path("groups/<slug:slug>/meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path(
        "groups/<slug:slug>/meetings/calendar-address/",
        views.calendar_address,
        name="calendar_address",
    ),
    path(
        "groups/<slug:slug>/meetings/calendar/<str:token>.ics",
        views.calendar_feed,
        name="calendar_feed",
    ),
]
