from django.urls import path

from twinning.matching import views

app_name = "matching"

urlpatterns = [
    path("seeking/", views.seeking, name="seeking"),
    path("seeking/<int:pk>/", views.request_detail, name="request"),
    path("seeking/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("seeking/<int:pk>/interest/", views.interest_express, name="interest"),
    path("seeking/<int:pk>/introduce/", views.introduce, name="introduce"),
    path("seeking/<int:pk>/exclude/", views.exclude, name="exclude"),
    path("partners/<slug:slug>/seeking/new/", views.request_new, name="request_new"),
    path("groups/<slug:slug>/seeking-a-partner/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("introductions/", views.board, name="board"),
    path("introductions/suggestions/", views.suggestions_page, name="suggestions"),
    path("introductions/<int:pk>/", views.introduction_detail, name="introduction"),
    path("introductions/<int:pk>/step/", views.introduction_advance, name="advance"),
    path("introductions/<int:pk>/accept/", views.introduction_accept, name="accept"),
    path("introductions/<int:pk>/decline/", views.introduction_decline, name="decline"),
]
