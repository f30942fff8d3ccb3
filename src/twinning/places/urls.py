from django.urls import path

from twinning.places import views

app_name = "places"

urlpatterns = [
    path("places/", views.place_search, name="search"),
    path("places/new/", views.place_add, name="add"),
    path("places/<int:pk>/", views.place_detail, name="place"),
    path("places/<int:pk>/hide/", views.place_hide, name="hide"),
    path("about/data/", views.about_data, name="about_data"),
]
