from django.urls import path

from twinning.directory import exports
from twinning.directory.views import groups as views

app_name = "directory"

urlpatterns = [
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_add, name="group_add"),
    path("groups/pending/", views.review_queue, name="review_queue"),
    path("groups/<slug:slug>/review/", views.group_review, name="group_review"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("groups/<slug:slug>/edit/", views.group_edit, name="group_edit"),
    path("groups/<slug:slug>/logo.png", views.group_logo, name="group_logo"),
    path("groups/<slug:slug>/members/", views.group_members, name="group_members"),
    path("groups/<slug:slug>/members/invite/", views.group_invite, name="group_invite"),
    path(
        "groups/<slug:slug>/invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "groups/<slug:slug>/invitations/<int:pk>/confirm/",
        views.invitation_confirm,
        name="invitation_confirm",
    ),
    path("invitations/<slug:token>/", views.invitation, name="invitation"),
    path(
        "groups/<slug:slug>/members/<int:pk>/",
        views.group_member_change,
        name="group_member_change",
    ),
    path("links/", views.link_list, name="links"),
    path("links.csv", exports.links_csv, name="links_csv"),
    path("links.geojson", exports.links_geojson, name="links_geojson"),
    path("directory/everything.csv", exports.everything_csv, name="everything_csv"),
    path("directory/everything.xlsx", exports.everything_xlsx, name="everything_xlsx"),
    path("links/<int:pk>/", views.link_detail, name="link"),
    path("links/<int:pk>/status/", views.link_status, name="link_status"),
    path("groups/<slug:slug>/links/new/", views.link_propose, name="link_propose"),
    path("twinned/", views.overview, name="overview"),
    path("directory/import/", views.import_upload, name="import_upload"),
    path("directory/import/<int:pk>/", views.import_detail, name="import"),
    path("directory/import/<int:pk>/start/", views.import_start, name="import_start"),
    path("directory/import/<int:pk>/check/", views.import_check_again, name="import_check_again"),
    path("partners/", views.partner_list, name="partners"),
    path("partners/new/", views.partner_add, name="partner_add"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner"),
    path("partners/<slug:slug>/review/", views.partner_review, name="partner_review"),
    path("partners/<slug:slug>/edit/", views.partner_edit, name="partner_edit"),
]
