from django.urls import path

from twinning.directory import exports
from twinning.directory.views import groups, imports, joining, links, partners, people, reviews

app_name = "directory"

urlpatterns = [
    path("groups/", groups.group_list, name="groups"),
    path("groups/new/", groups.group_add, name="group_add"),
    path("groups/pending/", reviews.review_queue, name="review_queue"),
    path("groups/<slug:slug>/review/", reviews.group_review, name="group_review"),
    path("groups/<slug:slug>/", groups.group_detail, name="group"),
    path("groups/<slug:slug>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<slug:slug>/logo.png", groups.group_logo, name="group_logo"),
    path("groups/<slug:slug>/members/", people.group_members, name="group_members"),
    path("groups/<slug:slug>/join/", joining.group_join, name="group_join"),
    path("groups/<slug:slug>/write/", joining.group_write, name="group_write"),
    path(
        "groups/<slug:slug>/join-requests/<int:pk>/",
        joining.join_answer,
        name="join_answer",
    ),
    path("groups/<slug:slug>/members/invite/", people.group_invite, name="group_invite"),
    path(
        "groups/<slug:slug>/invitations/<int:pk>/withdraw/",
        people.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "groups/<slug:slug>/invitations/<int:pk>/confirm/",
        people.invitation_confirm,
        name="invitation_confirm",
    ),
    path("invitations/<slug:token>/", people.invitation, name="invitation"),
    path(
        "groups/<slug:slug>/members/<int:pk>/",
        people.group_member_change,
        name="group_member_change",
    ),
    path("links/", links.link_list, name="links"),
    path("links.csv", exports.links_csv, name="links_csv"),
    path("links.geojson", exports.links_geojson, name="links_geojson"),
    path("directory/everything.csv", exports.everything_csv, name="everything_csv"),
    path("directory/everything.xlsx", exports.everything_xlsx, name="everything_xlsx"),
    path("links/<int:pk>/", links.link_detail, name="link"),
    path("links/<int:pk>/status/", links.link_status, name="link_status"),
    path("groups/<slug:slug>/links/new/", links.link_propose, name="link_propose"),
    path("twinned/", links.overview, name="overview"),
    path("directory/import/", imports.import_upload, name="import_upload"),
    path("directory/import/<int:pk>/", imports.import_detail, name="import"),
    path("directory/import/<int:pk>/start/", imports.import_start, name="import_start"),
    path("directory/import/<int:pk>/check/", imports.import_check_again, name="import_check_again"),
    path("partners/", partners.partner_list, name="partners"),
    path("partners/new/", partners.partner_add, name="partner_add"),
    path("partners/<slug:slug>/", partners.partner_detail, name="partner"),
    path("partners/<slug:slug>/review/", reviews.partner_review, name="partner_review"),
    path("partners/<slug:slug>/edit/", partners.partner_edit, name="partner_edit"),
]
