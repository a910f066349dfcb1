from django.urls import path

from yjinspect_web.audit import views

urlpatterns = [
    path("history", views.workspace_history, name="workspace_history"),
]
