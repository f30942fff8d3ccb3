from django.urls import path

from twinning.accounts import views

app_name = "accounts"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("contact/", views.contact, name="contact"),
    path("account/", views.profile, name="profile"),
    path("account/my-data.json", views.export, name="export"),
    path("account/erase/", views.erase, name="erase"),
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
]
