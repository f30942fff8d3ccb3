from django.urls import path

from twinning.formation import views

app_name = "formation"

urlpatterns = [
    path("start-a-group/", views.start, name="start"),
    path("start-a-group/registered/", views.registered, name="registered"),
    path("start-a-group/confirm/<slug:token>/", views.confirm, name="confirm"),
    path("start-a-group/withdraw/<slug:token>/", views.withdraw, name="withdraw"),
    path("start-a-group/pools/", views.pools, name="pools"),
    path("start-a-group/pools/<int:pk>/", views.pool_detail, name="pool"),
    path("start-a-group/pools/<int:pk>/start/", views.pool_start, name="pool_start"),
    path("groups/<slug:slug>/checklist/", views.checklist, name="checklist"),
    path("groups/<slug:slug>/checklist/<int:pk>/", views.task_tick, name="task"),
    path("groups/<slug:slug>/checklist/start/", views.checklist_start, name="checklist_start"),
]
