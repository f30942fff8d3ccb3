from django.urls import path

from twinning.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.about_data, name="privacy"),
    path("history/", views.audit_history, name="audit"),
]
