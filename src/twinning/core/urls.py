from django.urls import path

from twinning.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.about_data, name="privacy"),
    path("history/", views.audit_history, name="audit"),
    path("emails/not-sent/", views.emails_not_sent, name="emails_not_sent"),
    path("emails/not-sent/<int:pk>/retry/", views.email_retry, name="email_retry"),
    path("emails/not-sent/<int:pk>/discard/", views.email_discard, name="email_discard"),
]
